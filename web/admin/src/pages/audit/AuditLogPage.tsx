import { useState } from 'react'
import { useInfiniteQuery } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data } from '../../api/call'

const services = ['profile', 'matching', 'scheduling', 'feedback', 'integration'] as const
type Service = (typeof services)[number]

/** One page of a service's audit log (every service keeps its own, append-only). */
function pageOf(service: Service, pageToken: string) {
  const query = { params: { query: { pageSize: 50, pageToken: pageToken || undefined } } }
  switch (service) {
    case 'profile': return data(api.GET('/profile/v1/auditRecords', query))
    case 'matching': return data(api.GET('/matching/v1/auditRecords', query))
    case 'scheduling': return data(api.GET('/scheduling/v1/auditRecords', query))
    case 'feedback': return data(api.GET('/feedback/v1/auditRecords', query))
    case 'integration': return data(api.GET('/integration/v1/auditRecords', query))
  }
}

/** Who read or changed what, service by service: actor, action, resource, outcome — never content. */
export function AuditLogPage() {
  const [service, setService] = useState<Service>('matching')
  const records = useInfiniteQuery({
    queryKey: ['audit', service],
    initialPageParam: '',
    queryFn: ({ pageParam }) => pageOf(service, pageParam),
    getNextPageParam: (last) => last.nextPageToken || undefined,
    select: (r) => r.pages.flatMap((p) => p.records ?? []),
  })
  return (
    <>
      <h1>Audit log</h1>
      <div className="field">
        <label htmlFor="audit-service">Service</label>
        <select id="audit-service" value={service} onChange={(e) => setService(e.target.value as Service)}>
          {services.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </div>
      {records.isPending && <p>Loading…</p>}
      {records.isError && <p role="alert">Could not load the audit log: {records.error.message}</p>}
      {records.data?.length === 0 && <p>Nothing recorded yet.</p>}
      {records.data && records.data.length > 0 && (
        <table>
          <caption className="visually-hidden">Audit records of {service}, newest first</caption>
          <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Did</th><th scope="col">To</th><th scope="col">Outcome</th></tr></thead>
          <tbody>
            {records.data.map((r, i) => (
              <tr key={`${r.time}-${i}`}>
                <td>{r.time ? new Date(r.time).toLocaleString() : ''}</td>
                <td>{r.actor} <span className="muted">({r.actorKind})</span></td>
                <td>{r.action}</td>
                <td>{r.resource}</td>
                <td>{r.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {records.hasNextPage && <button type="button" onClick={() => records.fetchNextPage()} disabled={records.isFetchingNextPage}>Load older records</button>}
    </>
  )
}
