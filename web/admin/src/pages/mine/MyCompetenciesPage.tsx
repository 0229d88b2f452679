import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data, Refusal } from '../../api/call'
import { idOf } from '../../api/names'
import { Field } from '../Field'
import { RefusalNote } from '../RefusalNote'

/** My competencies as last assessed (current and target level, the gap) and a self-assessment against the organisation's framework. */
export function MyCompetenciesPage({ me }: { me: string }) {
  const queryClient = useQueryClient()
  const personId = idOf(me)
  const key = ['profile', 'person-competencies', personId]
  const [competency, setCompetency] = useState('')
  const [current, setCurrent] = useState('')
  const [target, setTarget] = useState('')
  const [refused, setRefused] = useState<Refusal>()
  const [done, setDone] = useState<string>()
  const mine = useQuery({
    queryKey: key,
    queryFn: () => data(api.GET('/profile/v1/people/{personId}/competencies', { params: { path: { personId } } })).then((r) => r.personCompetencies ?? []),
  })
  const framework = useQuery({
    queryKey: ['profile', 'competencies'],
    queryFn: () => data(api.GET('/profile/v1/competencies', { params: { query: { pageSize: 100 } } })).then((r) => r.competencies ?? []),
  })
  const chosen = framework.data?.find((c) => c.name === competency)
  const assess = useMutation({
    mutationFn: () =>
      data(api.POST('/profile/v1/people/{personId}/competencies:assess', {
        params: { path: { personId } },
        body: { competency, currentLevel: Number(current) || 0, targetLevel: target === '' ? 0 : Number(target) },
      })),
    onMutate: () => { setRefused(undefined); setDone(undefined) },
    onSuccess: (c) => { setDone(`${c.competencyDisplayName} assessed.`); return queryClient.invalidateQueries({ queryKey: key }) },
    onError: (e: Refusal) => setRefused(e),
  })
  const fields = refused?.fields ?? {}
  const levelOptions = (chosen?.levels ?? []).map((l) => <option key={l.level} value={l.level}>{l.level}. {l.label}</option>)
  const submit = (e: FormEvent) => { e.preventDefault(); assess.mutate() }

  return (
    <>
      <h1>My competencies</h1>
      {mine.isError && <p role="alert">Could not load your competencies: {mine.error.message}</p>}
      {mine.data?.length === 0 && <p>You have not assessed any competency yet.</p>}
      {mine.data && mine.data.length > 0 && (
        <table>
          <caption className="visually-hidden">My competencies</caption>
          <thead><tr><th scope="col">Area</th><th scope="col">Competency</th><th scope="col">Now</th><th scope="col">Aiming at</th><th scope="col">Gap</th><th scope="col">Offered as mentor</th></tr></thead>
          <tbody>
            {mine.data.map((c) => (
              <tr key={c.name}>
                <td>{c.area}</td><td>{c.competencyDisplayName}</td><td>{c.currentLevel}</td>
                <td>{c.targetLevel || '—'}</td><td>{c.gap || '—'}</td><td>{c.offeredAsMentor ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <form onSubmit={submit} aria-labelledby="assess-heading" noValidate>
        <h2 id="assess-heading">Assess myself</h2>
        {framework.data?.length === 0 && <p>Your organisation has no competency framework yet.</p>}
        <Field id="assess-competency" label="Competency" error={fields.competency}>
          {(props) => (
            <select {...props} value={competency} onChange={(e) => { setCompetency(e.target.value); setCurrent(''); setTarget('') }}>
              <option value="">Choose a competency</option>
              {framework.data?.map((c) => <option key={c.name} value={c.name}>{c.area}: {c.displayName}</option>)}
            </select>
          )}
        </Field>
        <Field id="assess-currentLevel" label="Where I am now" error={fields.currentLevel}>
          {(props) => (
            <select {...props} value={current} onChange={(e) => setCurrent(e.target.value)}>
              <option value="">Choose a level</option>{levelOptions}
            </select>
          )}
        </Field>
        <Field id="assess-targetLevel" label="Where I aim to be (optional)" error={fields.targetLevel}>
          {(props) => (
            <select {...props} value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">No target</option>{levelOptions}
            </select>
          )}
        </Field>
        <button type="submit" disabled={assess.isPending}>Record my assessment</button>
      </form>
      <div role="status">
        {done && <p>{done}</p>}
        <RefusalNote refused={refused} shown={['competency', 'currentLevel', 'targetLevel']} />
      </div>
    </>
  )
}
