import { useState, type FormEvent } from 'react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data, Refusal } from '../../api/call'
import { idOf } from '../../api/names'
import { Field } from '../Field'
import { RefusalNote } from '../RefusalNote'
import { CredentialingSummary } from '../credentialing/CredentialingSummary'
import { credentialingKey, useCredentialing } from '../credentialing/useCredentialing'

/**
 * My way to a mentor credential: the application, then selection, content training, structured
 * observation and co-mentoring, each with its evidence; the credential's expiry once granted.
 */
export function MyCredentialingPage({ me }: { me: string }) {
  const queryClient = useQueryClient()
  const personId = idOf(me)
  const key = credentialingKey(personId)
  const [motivation, setMotivation] = useState('')
  const [competencies, setCompetencies] = useState('')
  const [hours, setHours] = useState('')
  const [declares, setDeclares] = useState(false)
  const [refused, setRefused] = useState<Refusal>()
  const pipeline = useCredentialing(personId)
  const apply = useMutation({
    mutationFn: () =>
      data(api.POST('/profile/v1/people/{personId}/credentialing:apply', {
        params: { path: { personId } },
        body: {
          application: {
            motivation, monthlyHours: Number(hours) || 0, declaresNoSupervisionOfMentees: declares,
            competencies: competencies.split(',').map((c) => c.trim()).filter(Boolean),
          },
        },
      }), 'application'),
    onMutate: () => setRefused(undefined),
    onSuccess: (p) => queryClient.setQueryData(key, p),
    onError: (e: Refusal) => setRefused(e),
  })
  const fields = refused?.fields ?? {}
  const p = pipeline.data
  const canApply = p === null || p?.state === 'CREDENTIALING_STATE_REJECTED' || p?.state === 'CREDENTIALING_STATE_EXPIRED'
  const submit = (e: FormEvent) => { e.preventDefault(); apply.mutate() }

  return (
    <>
      <h1>My credentialing</h1>
      {pipeline.isPending && <p>Loading…</p>}
      {pipeline.isError && <p role="alert">Could not load your credentialing: {pipeline.error.message}</p>}
      {p && <CredentialingSummary pipeline={p} />}
      {canApply && (
        <form onSubmit={submit} aria-labelledby="apply-heading" noValidate>
          <h2 id="apply-heading">Apply to become a mentor</h2>
          <Field id="apply-motivation" label="Why I want to mentor" error={fields.motivation}>
            {(props) => <textarea {...props} rows={3} value={motivation} onChange={(e) => setMotivation(e.target.value)} />}
          </Field>
          <Field id="apply-competencies" label="What I can pass on" hint="Separated by commas, e.g. negotiation, planning" error={fields.competencies}>
            {(props) => <input {...props} value={competencies} onChange={(e) => setCompetencies(e.target.value)} />}
          </Field>
          <Field id="apply-monthlyHours" label="Hours a month I commit" error={fields.monthlyHours}>
            {(props) => <input {...props} inputMode="numeric" value={hours} onChange={(e) => setHours(e.target.value)} />}
          </Field>
          <div className="choice">
            <input type="checkbox" id="apply-declares" checked={declares} aria-invalid={!!fields.declaresNoSupervisionOfMentees}
              aria-describedby={fields.declaresNoSupervisionOfMentees ? 'apply-declares-error' : undefined} onChange={(e) => setDeclares(e.target.checked)} />
            <label htmlFor="apply-declares">I do not line-manage anyone who might be my mentee</label>
          </div>
          {fields.declaresNoSupervisionOfMentees && <p id="apply-declares-error" className="error" data-field="apply-declares">{fields.declaresNoSupervisionOfMentees}</p>}
          <button type="submit" disabled={apply.isPending}>Apply</button>
        </form>
      )}
      <div role="status"><RefusalNote refused={refused} shown={['motivation', 'competencies', 'monthlyHours', 'declaresNoSupervisionOfMentees']} /></div>
    </>
  )
}
