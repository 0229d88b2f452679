import { useState, type FormEvent } from 'react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data, Refusal } from '../../api/call'
import { otherViolations, violationOf } from '../../api/violations'
import { useDraft } from '../../useDraft'
import { Field } from '../Field'
import { meetingFormats } from '../people/people'
import { agreementOf, draftOf, type AgreementDraft } from './agreement'
import { agreementKey, useAgreement } from './useAgreement'

type TextKey = Exclude<keyof AgreementDraft, 'format'>
const shown = ['goals', 'scope', 'trust', 'fit', 'logistics']

/** The relationship's agreement: draft or change it (any change withdraws the signatures), then sign what you read. */
export function AgreementSection({ relationshipId, me }: { relationshipId: string; me: string }) {
  const queryClient = useQueryClient()
  const key = agreementKey(relationshipId)
  const path = { relationshipId }
  const agreement = useAgreement(relationshipId)
  const draft = useDraft<AgreementDraft>(`agreement:${relationshipId}`, () => draftOf(undefined, me))
  const [rejected, setRejected] = useState<Refusal>()
  const [saved, setSaved] = useState<string>()

  const save = useMutation({
    mutationFn: () =>
      data(api.PATCH('/feedback/v1/relationships/{relationshipId}/agreement', {
        params: { path, query: { updateMask: '*' } },
        body: agreementOf(agreement.data!, draft.value, me),
      }), 'agreement'),
    onMutate: () => { setRejected(undefined); setSaved(undefined) },
    onSuccess: (after) => { queryClient.setQueryData(key, after); draft.clear(draftOf(after, me)); setSaved(`Saved as version ${after.version}; it needs everyone’s signature again.`) },
    onError: (e: Refusal) => setRejected(e),
  })
  const sign = useMutation({
    mutationFn: () =>
      data(api.POST('/feedback/v1/relationships/{relationshipId}/agreement:sign', { params: { path }, body: { etag: agreement.data!.etag! } })),
    onMutate: () => { setRejected(undefined); setSaved(undefined) },
    onSuccess: (after) => queryClient.setQueryData(key, after),
    onError: (e: Refusal) => setRejected(e),
  })

  if (agreement.isPending) return <p>Loading the agreement…</p>
  if (agreement.isError) return <p role="alert">Could not load the agreement: {agreement.error.message}</p>
  const a = agreement.data
  // What the form shows: the draft being typed, else what was read.
  const form = draft.dirty ? draft.value : draftOf(a, me)
  const set = (k: keyof AgreementDraft, v: string) => draft.update({ ...form, [k]: v })
  const fields = rejected?.fields ?? {}
  const signedByMe = (a.signatures ?? []).some((s) => s.signer === me)
  const text = (k: TextKey, label: string, error: string | undefined, hint?: string, multiline = false) => (
    <Field id={`agreement-${k}`} label={label} error={error} hint={hint}>
      {(props) => multiline
        ? <textarea {...props} rows={3} value={form[k]} onChange={(e) => set(k, e.target.value)} />
        : <input {...props} value={form[k]} onChange={(e) => set(k, e.target.value)} />}
    </Field>
  )
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate() }

  return (
    <section aria-labelledby="agreement-heading">
      <h2 id="agreement-heading">Agreement</h2>
      <p>
        Version {a.version ?? 0}, {a.state === 'AGREEMENT_STATE_SIGNED' ? 'signed by everyone' : 'a draft'};
        signed by {(a.signatures ?? []).length} of {(a.signatories ?? []).length}{signedByMe ? ', you included' : ''}.
      </p>
      <form onSubmit={submit} noValidate>
        {text('myGoals', 'My goals', violationOf(fields, 'goals'), undefined, true)}
        {text('alignment', 'How our goals align', undefined, undefined, true)}
        {text('scope', 'Out of bounds', violationOf(fields, 'scope'), undefined, true)}
        {text('trust', 'Confidentiality and honesty', violationOf(fields, 'trust'), undefined, true)}
        {text('checkIn', 'How we check that it works', violationOf(fields, 'fit'), undefined, true)}
        {text('exit', 'The no-fault way out', undefined, undefined, true)}
        <fieldset className="field">
          <legend>Logistics (scheduling books the meetings from them once everyone signed)</legend>
          {text('firstStart', 'First meeting (local time)', violationOf(fields, 'logistics.firstStart'), 'YYYY-MM-DDTHH:MM, e.g. 2027-01-11T10:00')}
          {text('timeZone', 'Time zone', violationOf(fields, 'logistics.timeZone'), 'e.g. Europe/London')}
          {text('recurrence', 'Repeats', violationOf(fields, 'logistics.recurrence'), 'an RRULE that ends, e.g. FREQ=WEEKLY;INTERVAL=2;COUNT=6')}
          {text('durationMinutes', 'Length in minutes', violationOf(fields, 'logistics.durationMinutes'))}
          <Field id="agreement-format" label="How we meet" error={violationOf(fields, 'logistics.format')}>
            {(props) => (
              <select {...props} value={form.format} onChange={(e) => set('format', e.target.value)}>
                <option value="">Choose a format</option>
                {meetingFormats.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
              </select>
            )}
          </Field>
          {text('joinUrl', 'Video link', violationOf(fields, 'logistics.joinUrl'), 'https, for video meetings')}
          {text('location', 'Place', violationOf(fields, 'logistics.location'), 'for meetings in person')}
        </fieldset>
        <div className="actions">
          <button type="submit" disabled={save.isPending}>Save the agreement</button>
          <button type="button" disabled={sign.isPending || draft.dirty || signedByMe || (a.version ?? 0) === 0}
            onClick={() => sign.mutate()}>Sign version {a.version ?? 0}</button>
        </div>
        {draft.dirty && <p className="hint">Unsaved changes are kept in this tab until you save them; sign after saving.</p>}
        <div role="status">
          {rejected && Object.keys(fields).length === 0 && <p className="error">{rejected.message}</p>}
          {otherViolations(fields, shown).map((v) => <p key={v} className="error">{v}</p>)}
          {saved && <p>{saved}</p>}
          {a.state === 'AGREEMENT_STATE_SIGNED' && <p>Signed by everyone.</p>}
        </div>
      </form>
    </section>
  )
}
