import { useState, type FormEvent } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data, Refusal } from '../../api/call'
import { matchesSearch } from '../people/people'
import { usePeople } from '../people/usePeople'
import { enrolmentRoles, enrolmentsKey, type Enrolment, type EnrolmentRole } from './programme'

type Outcome = { person: string; name: string; error?: string }

/** Enrol people in bulk: search, tick, enrol each as mentor or mentee; one line of outcome per person. */
export function EnrolPeopleForm({ programmeId, enrolments }: { programmeId: string; enrolments: Enrolment[] }) {
  const queryClient = useQueryClient()
  const [role, setRole] = useState<EnrolmentRole>('ENROLMENT_ROLE_MENTEE')
  const [search, setSearch] = useState('')
  const [chosen, setChosen] = useState<string[]>([])
  const [outcomes, setOutcomes] = useState<Outcome[]>([])
  const [busy, setBusy] = useState(false)
  const people = usePeople({ role: role === 'ENROLMENT_ROLE_MENTOR' ? 'PERSON_ROLE_MENTOR' : 'PERSON_ROLE_MENTEE' })
  const enrolled = new Set(enrolments.filter((e) => e.role === role).map((e) => e.person ?? ''))
  const candidates = (people.data ?? []).filter((p) => !enrolled.has(p.name ?? '') && matchesSearch(p, search))
  const roleLabel = enrolmentRoles.find((r) => r.value === role)!.label.toLowerCase()

  const enrol = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    const results: Outcome[] = []
    for (const person of chosen) {
      const name = people.data?.find((p) => p.name === person)?.displayName ?? person
      try {
        await data(api.POST('/matching/v1/programmes/{programmeId}/enrolments', {
          params: { path: { programmeId } },
          body: { enrolment: { person, role } },
        }), 'enrolment')
        results.push({ person, name })
      } catch (err) {
        const refusal = err as Refusal
        const details = Object.entries(refusal.fields ?? {}).map(([f, t]) => `${f}: ${t}`).join('; ')
        results.push({ person, name, error: details || refusal.message })
      }
    }
    setOutcomes(results)
    setChosen(results.filter((r) => r.error).map((r) => r.person))
    setBusy(false)
    await queryClient.invalidateQueries({ queryKey: enrolmentsKey(programmeId) })
  }

  return (
    <section aria-labelledby="enrol-heading">
      <h2 id="enrol-heading">Enrol people</h2>
      <form onSubmit={enrol}>
        <div className="field">
          <label htmlFor="enrol-role">Enrol as</label>
          <select id="enrol-role" value={role} onChange={(e) => { setRole(e.target.value as EnrolmentRole); setChosen([]) }}>
            {enrolmentRoles.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="enrol-search">Search people</label>
          <input id="enrol-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        {people.isPending && <p>Loading…</p>}
        {people.isError && <p role="alert">Could not load the people: {people.error.message}</p>}
        {people.data && candidates.length === 0 && <p>Nobody left to enrol as {roleLabel}.</p>}
        {candidates.length > 0 && (
          <fieldset className="field">
            <legend>People who can be enrolled as {roleLabel}</legend>
            <label className="choice">
              <input
                type="checkbox"
                checked={candidates.every((c) => chosen.includes(c.name!))}
                onChange={(e) => setChosen(e.target.checked ? candidates.map((c) => c.name!) : [])}
              />
              All shown ({candidates.length})
            </label>
            {candidates.map((p) => (
              <label key={p.name} className="choice">
                <input
                  type="checkbox"
                  checked={chosen.includes(p.name!)}
                  onChange={(e) => setChosen(e.target.checked ? [...chosen, p.name!] : chosen.filter((c) => c !== p.name))}
                />
                {p.displayName} <span className="muted">({p.areaOfWork})</span>
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" disabled={busy || chosen.length === 0}>
          Enrol {chosen.length} as {roleLabel}
        </button>
        <div role="status">
          {outcomes.length > 0 && (
            <ul>
              {outcomes.map((o) => (
                <li key={o.person} className={o.error ? 'error' : undefined}>
                  {o.name}: {o.error ? `not enrolled — ${o.error}` : 'enrolled'}
                </li>
              ))}
            </ul>
          )}
        </div>
      </form>
    </section>
  )
}
