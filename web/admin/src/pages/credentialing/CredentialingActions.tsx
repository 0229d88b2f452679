import { useState, type FormEvent } from 'react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data, Refusal } from '../../api/call'
import { idOf } from '../../api/names'
import type { components } from '../../api/schema'
import { Field } from '../Field'
import { RefusalNote } from '../RefusalNote'
import { usePeople } from '../people/usePeople'
import { stepLabel } from './credentialing'
import { credentialingBoardKey, credentialingFunnelKey } from './useCredentialingBoard'

type Credentialing = components['schemas']['mentoring.profile.v1.Credentialing']
const observationSteps = ['CREDENTIALING_STEP_STRUCTURED_OBSERVATION', 'CREDENTIALING_STEP_CO_MENTORING', 'CREDENTIALING_STEP_INDEPENDENT_SESSION']
const endOfDay = (date: string) => (date ? new Date(`${date}T23:59:59`).toISOString() : undefined)

/**
 * An administrator moves a pipeline on: records the current step's evidence (who reviewed or
 * observed it; for training, which module), grants the initial credential at the end, renews it.
 */
export function CredentialingActions({ pipeline, queryKey }: { pipeline: Credentialing; queryKey: unknown[] }) {
  const queryClient = useQueryClient()
  const personId = idOf(pipeline.person)
  const step = pipeline.currentStep
  const observed = observationSteps.includes(step ?? '')
  const mentors = usePeople({ role: 'PERSON_ROLE_MENTOR' }).data?.filter((p) => p.name !== pipeline.person) ?? []
  const modulesLeft = (pipeline.requiredModules ?? []).filter((m) => !(pipeline.completedModules ?? []).includes(m))
  const [module, setModule] = useState('')
  const [outcome, setOutcome] = useState<'STEP_OUTCOME_PASSED' | 'STEP_OUTCOME_FAILED'>('STEP_OUTCOME_PASSED')
  const [reviewer, setReviewer] = useState('')
  const [outsider, setOutsider] = useState('')
  const [notes, setNotes] = useState('')
  const [expiry, setExpiry] = useState('')
  const [refused, setRefused] = useState<Refusal>()
  const [done, setDone] = useState<string>()
  const path = { personId }
  const reviewerName = reviewer === 'external' ? `external/${outsider.trim()}` : reviewer
  const settled = {
    onMutate: () => { setRefused(undefined); setDone(undefined) },
    onError: (e: Refusal) => setRefused(e),
  }
  const refreshWith = (message: string) => (p: Credentialing) => {
    queryClient.setQueryData(queryKey, p)
    void queryClient.invalidateQueries({ queryKey: credentialingBoardKey })
    void queryClient.invalidateQueries({ queryKey: credentialingFunnelKey })
    setNotes(''); setModule(''); setDone(message)
  }
  const record = useMutation({
    mutationFn: () =>
      data(api.POST('/profile/v1/people/{personId}/credentialing:recordStep', {
        params: { path },
        body: { step: step!, outcome, module: step === 'CREDENTIALING_STEP_CONTENT_TRAINING' ? module : undefined, reviewer: reviewerName, notes: notes || undefined },
      })),
    ...settled,
    onSuccess: refreshWith(`${stepLabel(step)} recorded.`),
  })
  const grant = useMutation({
    mutationFn: () =>
      data(api.POST('/profile/v1/people/{personId}/credentialing:grant', {
        params: { path }, body: { reviewer: reviewerName, expireTime: endOfDay(expiry), notes: notes || undefined },
      })),
    ...settled,
    onSuccess: refreshWith('Credential granted.'),
  })
  const renew = useMutation({
    mutationFn: () =>
      data(api.POST('/profile/v1/people/{personId}/credentialing:renew', { params: { path }, body: { expireTime: endOfDay(expiry) ?? '' } })),
    ...settled,
    onSuccess: refreshWith('Credential renewed.'),
  })
  const fields = refused?.fields ?? {}
  const inProgress = pipeline.state === 'CREDENTIALING_STATE_IN_PROGRESS'
  const granting = inProgress && step === 'CREDENTIALING_STEP_INITIAL_CREDENTIAL'
  const submit = (e: FormEvent) => { e.preventDefault(); (granting ? grant : record).mutate() }

  const reviewerField = (
    <>
      <Field id="credentialing-reviewer" label={observed ? 'Observing mentor' : 'Reviewed by'} error={fields.reviewer}
        hint={observed ? 'A credentialed mentor other than the candidate, or an accomplished mentor from outside' : undefined}>
        {(props) => (
          <select {...props} value={reviewer} onChange={(e) => setReviewer(e.target.value)}>
            <option value="">Choose who</option>
            {mentors.map((m) => <option key={m.name} value={m.name}>{m.displayName}</option>)}
            <option value="external">Someone from outside the organisation</option>
          </select>
        )}
      </Field>
      {reviewer === 'external' && (
        <Field id="credentialing-outsider" label="Their name" error={undefined}>
          {(props) => <input {...props} value={outsider} onChange={(e) => setOutsider(e.target.value)} />}
        </Field>
      )}
    </>
  )

  return (
    <>
      {inProgress && (
        <form onSubmit={submit} aria-labelledby="credentialing-step-heading" noValidate>
          <h3 id="credentialing-step-heading">{granting ? 'Grant the initial credential' : `Record ${stepLabel(step).toLowerCase()}`}</h3>
          {step === 'CREDENTIALING_STEP_CONTENT_TRAINING' && (
            <Field id="credentialing-module" label="Module" error={fields.module}>
              {(props) => (
                <select {...props} value={module} onChange={(e) => setModule(e.target.value)}>
                  <option value="">Choose a module</option>
                  {modulesLeft.map((m) => <option key={m} value={m}>{m}</option>)}
                </select>
              )}
            </Field>
          )}
          {!granting && (
            <Field id="credentialing-outcome" label="Outcome" error={fields.outcome}>
              {(props) => (
                <select {...props} value={outcome} onChange={(e) => setOutcome(e.target.value as typeof outcome)}>
                  <option value="STEP_OUTCOME_PASSED">Passed</option>
                  <option value="STEP_OUTCOME_FAILED">Not passed</option>
                </select>
              )}
            </Field>
          )}
          {reviewerField}
          {granting && (
            <Field id="credentialing-expireTime" label="Expires on (optional)" error={fields.expireTime}>
              {(props) => <input {...props} type="date" value={expiry} onChange={(e) => setExpiry(e.target.value)} />}
            </Field>
          )}
          <Field id="credentialing-notes" label="Notes" hint={granting ? undefined : 'Required when not passed'} error={fields.notes}>
            {(props) => <textarea {...props} rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />}
          </Field>
          <button type="submit" disabled={record.isPending || grant.isPending}>{granting ? 'Grant credential' : 'Record step'}</button>
        </form>
      )}
      {pipeline.state === 'CREDENTIALING_STATE_CREDENTIALED' && (
        <form onSubmit={(e) => { e.preventDefault(); renew.mutate() }} aria-labelledby="renew-heading" noValidate>
          <h3 id="renew-heading">Renew the credential</h3>
          <Field id="renew-expireTime" label="New expiry" error={fields.expireTime}>
            {(props) => <input {...props} type="date" value={expiry} onChange={(e) => setExpiry(e.target.value)} />}
          </Field>
          <button type="submit" disabled={renew.isPending}>Renew</button>
        </form>
      )}
      <div role="status">
        {done && <p>{done}</p>}
        <RefusalNote refused={refused} shown={['module', 'outcome', 'reviewer', 'notes', 'expireTime']} />
      </div>
    </>
  )
}
