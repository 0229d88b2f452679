import { useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data, type Refusal } from '../../api/call'
import { idOf } from '../../api/names'
import type { components } from '../../api/schema'
import { useEnrolments, useProgrammes } from '../programmes/queries'
import { BarFigure } from './BarFigure'
import { credentialingFunnelKey } from '../credentialing/useCredentialingBoard'
import { funnelByStep, matchRate, phaseCounts } from './dashboard'
import { MeetingsFigures } from './MeetingsFigures'

type Metrics = components['schemas']['mentoring.feedback.v1.ProgrammeMetrics']
type Relationship = components['schemas']['mentoring.matching.v1.Relationship']

/** Every relationship of a programme, a page of 100 at a time. */
async function allRelationships(programmeId: string): Promise<Relationship[]> {
  const all: Relationship[] = []
  let pageToken: string | undefined
  do {
    const page = await data(api.GET('/matching/v1/relationships', { params: { query: { programme: `programmes/${programmeId}`, pageSize: 100, pageToken } } }))
    all.push(...(page.relationships ?? []))
    pageToken = page.nextPageToken || undefined
  } while (pageToken)
  return all
}

const small = (m: Metrics) => `fewer than ${m.minimumGroup ?? 5} people: not shown`

/** A programme at a glance: matching, phases, how the pairs say it goes (k-anonymous), and the credentialing funnel. */
export function DashboardPage() {
  const [programmeId, setProgrammeId] = useState('')
  const programmes = useProgrammes()
  const chosen = programmeId || idOf(programmes.data?.[0]?.name)
  const enrolments = useEnrolments(chosen)
  const relationships = useQuery({ queryKey: ['matching', 'relationships', chosen, 'all'], enabled: !!chosen, queryFn: () => allRelationships(chosen) })
  const metrics = useQuery({
    queryKey: ['feedback', 'metrics', chosen],
    enabled: !!chosen,
    queryFn: () => data(api.GET('/feedback/v1/programmes/{programmeId}/metrics', { params: { path: { programmeId: chosen } } })),
  })
  const funnel = useQuery({
    queryKey: credentialingFunnelKey,
    queryFn: () => data(api.GET('/profile/v1/credentialingFunnel')),
  })
  const rate = enrolments.data && relationships.data ? matchRate(enrolments.data, relationships.data) : undefined
  const m = metrics.data

  return (
    <>
      <h1>Programme dashboard</h1>
      <div className="field">
        <label htmlFor="dashboard-programme">Programme</label>
        <select id="dashboard-programme" value={chosen} onChange={(e) => setProgrammeId(e.target.value)}>
          {(programmes.data ?? []).map((p) => <option key={p.name} value={idOf(p.name)}>{p.displayName}</option>)}
        </select>
      </div>
      {programmes.data?.length === 0 && <p>No programmes yet.</p>}
      {chosen && (
        <>
          <section aria-labelledby="matching-figures">
            <h2 id="matching-figures">Matching</h2>
            {rate && (
              <p className="figure">
                Match rate: <strong>{rate.percent === undefined ? '—' : `${rate.percent} %`}</strong> ({rate.matched} of {rate.mentees} mentees enrolled are in a relationship)
              </p>
            )}
            {relationships.isError && <p role="alert">Could not load the relationships: {relationships.error.message}</p>}
            {relationships.data && (
              <BarFigure id="phases" title="Relationships by phase" data={phaseCounts(relationships.data)} label="phase" labelName="Phase" value="relationships" valueName="Relationships" />
            )}
          </section>
          <MeetingsFigures programmeId={chosen} />
          <section aria-labelledby="feedback-figures">
            <h2 id="feedback-figures">How it goes</h2>
            {metrics.isError && ((metrics.error as Refusal).status === 404
              ? <p>No figures yet: no relationship of this programme has started.</p>
              : <p role="alert">Could not load the figures: {metrics.error.message}</p>)}
            {m && (
              <dl className="facts">
                <dt>Relationships</dt><dd>{m.relationships ? `${m.relationships}, ${m.atRisk ?? 0} of them at risk now` : small(m)}</dd>
                <dt>Pulse after meetings</dt><dd>{m.pulse?.suppressed ? small(m) : `${(m.pulse?.mean ?? 0).toFixed(1)} of 5 (${m.pulse?.respondents ?? 0} people)`}</dd>
                <dt>Fit checks</dt><dd>{m.fit?.suppressed ? small(m) : `${m.fit?.working ?? 0} working, ${m.fit?.notWorking ?? 0} not working`}</dd>
                <dt>Closing rating</dt><dd>{m.closingRating?.suppressed ? small(m) : `${(m.closingRating?.mean ?? 0).toFixed(1)} of 5`}</dd>
                <dt>Net promoter score</dt><dd>{m.nps?.suppressed ? small(m) : (m.nps?.score ?? 0).toFixed(0)}</dd>
                <dt>Goals</dt><dd>{m.goals?.suppressed ? small(m) : `${m.goals?.achieved ?? 0} of ${m.goals?.goals ?? 0} achieved, ${(m.goals?.meanProgressPercent ?? 0).toFixed(0)} % on average`}</dd>
              </dl>
            )}
            <p className="hint">Figures drawn from fewer than {m?.minimumGroup ?? 5} people are not shown, so that nobody can be recognised in them.</p>
          </section>
        </>
      )}
      <section aria-labelledby="funnel-figures">
        <h2 id="funnel-figures">Mentor credentialing (the whole organisation)</h2>
        {funnel.isError && <p role="alert">Could not load the funnel: {funnel.error.message}</p>}
        {funnel.data && (funnel.data.counts ?? []).length === 0 && <p>Nobody has applied for a credential yet.</p>}
        {funnel.data && (funnel.data.counts ?? []).length > 0 && (
          <BarFigure id="funnel" title="Pipelines by current step" data={funnelByStep(funnel.data.counts ?? [])} label="step" labelName="Step" value="pipelines" valueName="Pipelines" />
        )}
      </section>
    </>
  )
}
