import { useState } from 'react'
import { Link } from 'react-router-dom'
import { label, matchesSearch, personPath, roles, seniorityLevels, type PersonRole } from './people'
import { usePeople } from './usePeople'
import { RegisterPersonForm } from './RegisterPersonForm'
import { CsvImport } from './CsvImport'

export function PeoplePage() {
  const [role, setRole] = useState<PersonRole | ''>('')
  const [areaOfWork, setAreaOfWork] = useState('')
  const [skill, setSkill] = useState('')
  const [search, setSearch] = useState('')
  const people = usePeople({ role: role || undefined, areaOfWork, skill })
  const shown = (people.data ?? []).filter((p) => matchesSearch(p, search))

  return (
    <>
      <h1>People</h1>
      <section aria-labelledby="people-heading">
        <h2 id="people-heading">The organisation's people</h2>
        <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="people-search">Search by name, e-mail or area</label>
            <input id="people-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="people-role">Role</label>
            <select id="people-role" value={role} onChange={(e) => setRole(e.target.value as PersonRole | '')}>
              <option value="">Any</option>
              {roles.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="people-area">Area of work</label>
            <input id="people-area" value={areaOfWork} onChange={(e) => setAreaOfWork(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="people-skill">Skill</label>
            <input id="people-skill" value={skill} onChange={(e) => setSkill(e.target.value)} />
          </div>
        </form>
        {people.isPending && <p>Loading…</p>}
        {people.isError && <p role="alert">Could not load the people: {people.error.message}</p>}
        {people.data && shown.length === 0 && <p>Nobody matches.</p>}
        {shown.length > 0 && (
          <table>
            <caption className="visually-hidden">People matching the filters</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Area of work</th>
                <th scope="col">Seniority</th>
                <th scope="col">Roles</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => (
                <tr key={p.name}>
                  <td><Link to={personPath(p.name)}>{p.displayName}</Link></td>
                  <td>{p.email}</td>
                  <td>{p.areaOfWork}</td>
                  <td>{label(seniorityLevels, p.seniorityLevel)}</td>
                  <td>{(p.roles ?? []).map((r) => label(roles, r)).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {people.hasNextPage && (
          <button type="button" onClick={() => people.fetchNextPage()} disabled={people.isFetchingNextPage}>
            Load more people
          </button>
        )}
      </section>
      <RegisterPersonForm />
      <CsvImport />
    </>
  )
}
