import { useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'react-router-dom'
import { api } from '../../api/client'
import { data } from '../../api/call'
import { idOf } from '../../api/names'
import { phases, type State } from './phases'
import { useEnrolments, useProgrammes } from '../programmes/queries'

/** Relationships by programme and phase: who, the phase, who accepted — never their content. */
export function RelationshipsPage() {
  const [params, setParams] = useSearchParams()
  const programmeId = params.get('programme') ?? ''
  const state = (params.get('state') ?? '') as State | ''
  const choose = (key: string, value: string) => {
    const next = new URLSearchParams(params)
    if (value) next.set(key, value); else next.delete(key)
    setParams(next, { replace: true })
  }
  const programmes = useProgrammes()
  const enrolments = useEnrolments(programmeId)
  const relationships = useQuery({
    queryKey: ['matching', 'relationships', programmeId, state],
    queryFn: () =>
      data(api.GET('/matching/v1/relationships', {
        params: { query: { programme: programmeId ? `programmes/${programmeId}` : undefined, state: state || undefined, pageSize: 100 } },
      })).then((r) => r.relationships ?? []),
  })
  const name = (person: string) => enrolments.data?.find((e) => e.person === person)?.displayName || person
  const names = (people: string[] | undefined) => (people ?? []).map(name).join(', ')

  return (
    <>
      <h1>Relationships</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="rel-programme">Programme</label>
          <select id="rel-programme" value={programmeId} onChange={(e) => choose('programme', e.target.value)}>
            <option value="">Every programme</option>
            {(programmes.data ?? []).map((p) => <option key={p.name} value={idOf(p.name)}>{p.displayName}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="rel-state">Phase</label>
          <select id="rel-state" value={state} onChange={(e) => choose('state', e.target.value)}>
            <option value="">Any phase</option>
            {phases.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
          </select>
        </div>
      </form>
      {relationships.isPending && <p>Loading…</p>}
      {relationships.isError && <p role="alert">Could not load the relationships: {relationships.error.message}</p>}
      {relationships.data?.length === 0 && <p>No relationships.</p>}
      {relationships.data && relationships.data.length > 0 && (
        <table>
          <caption className="visually-hidden">Relationships, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Mentors</th><th scope="col">Mentees</th><th scope="col">Phase</th>
              <th scope="col">Accepted by</th><th scope="col">Score</th><th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {relationships.data.map((r) => (
              <tr key={r.name}>
                <td>{names(r.mentors)}</td>
                <td>{names(r.mentees)}</td>
                <td>{phases.find((p) => p.value === r.state)?.label ?? r.state}</td>
                <td>{names(r.acceptedBy) || 'nobody yet'}</td>
                <td>{Number(r.score ?? 0).toFixed(1)}</td>
                <td>{r.createTime ? new Date(r.createTime).toLocaleString() : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!programmeId && relationships.data && relationships.data.length > 0 && <p className="hint">Choose a programme to see its participants’ names.</p>}
    </>
  )
}
