import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import { idOf } from '../../api/names'
import { api } from '../../api/client'
import { errorMessage } from '../../api/violations'
import { CreateProgrammeForm } from './CreateProgrammeForm'
import { modelLabel } from '../models'

export const programmesKey = ['matching', 'programmes'] as const

export function ProgrammesPage() {
  const programmes = useQuery({
    queryKey: programmesKey,
    queryFn: async () => {
      const { data, error } = await api.GET('/matching/v1/programmes', { params: { query: { pageSize: 100 } } })
      if (error) throw new Error(errorMessage(error))
      return data.programmes ?? []
    },
  })

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
