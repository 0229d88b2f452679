import { useState } from 'react'
import { Link } from 'react-router-dom'
import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data } from '../../api/call'
import { idOf } from '../../api/names'
import type { components } from '../../api/schema'
import { BarFigure } from '../dashboard/BarFigure'
import { funnelByStep } from '../dashboard/dashboard'
import { personPath } from '../people/people'
import { CredentialingActions } from './CredentialingActions'
import { CredentialingSummary } from './CredentialingSummary'
import { credentialingStates, credentialingSteps, spent, stepLabel } from './credentialing'
import { credentialingKey, useCredentialing } from './useCredentialing'
import { credentialingFunnelKey, useCredentialingBoard } from './useCredentialingBoard'

type State = components['schemas']['mentoring.profile.v1.CredentialingState']
type Step = components['schemas']['mentoring.profile.v1.CredentialingStep']
type Duration = components['schemas']['mentoring.profile.v1.CredentialingStepDuration']


/**
 * Candidates by step, least recently moved on first, with the organisation's funnel. Choosing a
 * candidate opens their pipeline with its evidence to record the next step, grant or renew.
 */
export function CredentialingBoardPage() {
  const [state, setState] = useState<State | ''>('CREDENTIALING_STATE_IN_PROGRESS')
  const [step, setStep] = useState<Step | ''>('')
  const [chosen, setChosen] = useState<{ personId: string; name: string }>()
  const board = useCredentialingBoard({ state: state || undefined, step: step || undefined })
  const funnel = useQuery({ queryKey: credentialingFunnelKey, queryFn: () => data(api.GET('/profile/v1/credentialingFunnel')) })

  return (
    <>
      <h1>Credentialing board</h1>
      <section aria-labelledby="board-heading">
        <h2 id="board-heading">Candidates</h2>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="board-state">State</label>
            <select id="board-state" value={state} onChange={(e) => setState(e.target.value as State | '')}>
              <option value="">Any</option>
              {Object.entries(credentialingStates).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="board-step">Step</label>
            <select id="board-step" value={step} onChange={(e) => setStep(e.target.value as Step | '')}>
              <option value="">Any</option>
              {credentialingSteps.slice(1).map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
            </select>
          </div>
        </form>
        {board.isPending && <p>Loading…</p>}
        {board.isError && <p role="alert">Could not load the board: {board.error.message}</p>}
        {board.data && board.data.length === 0 && <p>Nobody is at this step.</p>}
        {board.data && board.data.length > 0 && (
          <table>
            <caption className="visually-hidden">Candidates, least recently moved on first</caption>
            <thead>
              <tr>
                <th scope="col">Candidate</th>
                <th scope="col">State</th>
                <th scope="col">Step</th>
                <th scope="col">Training modules</th>
                <th scope="col">Last change</th>
                <th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {board.data.map(({ credentialing: c, personDisplayName }) => (
                <tr key={c?.name}>
                  <td><Link to={personPath(c?.person)}>{personDisplayName}</Link></td>
                  <td>{credentialingStates[c?.state ?? ''] ?? c?.state}</td>
                  <td>{stepLabel(c?.currentStep)}</td>
                  <td>{(c?.completedModules ?? []).length} of {(c?.requiredModules ?? []).length}</td>
                  <td>{c?.updateTime && new Date(c.updateTime).toLocaleDateString()}</td>
                  <td>
                    <button type="button" onClick={() => setChosen({ personId: idOf(c?.person), name: personDisplayName ?? '' })}
                      aria-label={`Open ${personDisplayName}'s pipeline`}>
                      Open
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {board.hasNextPage && (
          <button type="button" onClick={() => board.fetchNextPage()} disabled={board.isFetchingNextPage}>Load more candidates</button>
        )}
      </section>
      {chosen && <ChosenPipeline key={chosen.personId} {...chosen} />}
      <section aria-labelledby="funnel-heading">
        <h2 id="funnel-heading">The funnel</h2>
        {funnel.isError && <p role="alert">Could not load the funnel: {funnel.error.message}</p>}
        {funnel.data && (funnel.data.counts ?? []).length === 0 && <p>Nobody has applied for a credential yet.</p>}
        {funnel.data && (funnel.data.counts ?? []).length > 0 && (
          <>
            <BarFigure id="board-funnel" title="Pipelines by current step" data={funnelByStep(funnel.data.counts ?? [])} label="step" labelName="Step" value="pipelines" valueName="Pipelines" />
            <StepDurations durations={funnel.data.stepDurations ?? []} />
          </>
        )}
      </section>
    </>
  )
}

function ChosenPipeline({ personId, name }: { personId: string; name: string }) {
  const pipeline = useCredentialing(personId)
  return (
    <section aria-labelledby="chosen-heading">
      <h2 id="chosen-heading">{name}’s pipeline</h2>
      {pipeline.isPending && <p>Loading…</p>}
      {pipeline.isError && <p role="alert">Could not load the pipeline: {pipeline.error.message}</p>}
      {pipeline.data && (
        <>
          <CredentialingSummary pipeline={pipeline.data} />
          <CredentialingActions pipeline={pipeline.data} queryKey={credentialingKey(personId)} />
        </>
      )}
    </section>
  )
}

function StepDurations({ durations }: { durations: Duration[] }) {
  if (durations.length === 0) return null
  return (
    <table>
      <caption>Time spent per step (pipelines that passed it)</caption>
      <thead><tr><th scope="col">Step</th><th scope="col">Pipelines</th><th scope="col">Median</th><th scope="col">Mean</th></tr></thead>
      <tbody>
        {durations.map((d) => (
          <tr key={d.step}><td>{stepLabel(d.step)}</td><td>{d.samples}</td><td>{spent(d.median)}</td><td>{spent(d.mean)}</td></tr>
        ))}
      </tbody>
    </table>
  )
}
