import { Link } from 'react-router-dom'
import { idOf } from '../../api/names'
import { useProgrammes } from './queries'
import { CreateProgrammeForm } from './CreateProgrammeForm'
import { modelLabel } from '../models'

export function ProgrammesPage() {
  const programmes = useProgrammes()

  return (
    <>
      <h1>Programmes</h1>
      <section aria-labelledby="list-heading">
        <h2 id="list-heading">The organisation's programmes</h2>
        {programmes.isPending && <p>Loading…</p>}
        {programmes.isError && <p role="alert">Could not load the programmes: {programmes.error.message}</p>}
        {programmes.data?.length === 0 && <p>No programmes yet.</p>}
        {programmes.data && programmes.data.length > 0 && (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Model</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {programmes.data.map((p) => (
                <tr key={p.name}>
                  <td><Link to={`/programmes/${idOf(p.name)}`}>{p.displayName}</Link></td>
                  <td>{modelLabel(p.model)}</td>
                  <td>{p.createTime ? new Date(p.createTime).toLocaleString() : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <CreateProgrammeForm />
    </>
  )
}
