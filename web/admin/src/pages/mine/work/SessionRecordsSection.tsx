import { useQuery } from '@tanstack/react-query'
import { api } from '../../../api/client'
import { data } from '../../../api/call'

export const sessionRecordsKey = (relationshipId: string) => ['feedback', 'session-records', relationshipId]

/** The relationship's session records, newest meeting first: shared parts for everyone, private notes only on my own. */
export function SessionRecordsSection({ relationshipId, me }: { relationshipId: string; me: string }) {
  const records = useQuery({
    queryKey: sessionRecordsKey(relationshipId),
    queryFn: () => data(api.GET('/feedback/v1/relationships/{relationshipId}/sessionRecords', { params: { path: { relationshipId }, query: { pageSize: 100 } } }))
      .then((r) => r.sessionRecords ?? []),
  })
  return (
    <section aria-labelledby="records-heading">
      <h2 id="records-heading">Session records</h2>
      {records.isError && <p role="alert">Could not load the session records: {records.error.message}</p>}
      {records.data?.length === 0 && <p>None yet: once a meeting is recorded as held, each participant may write one.</p>}
      {records.data?.map((r) => (
        <article className="card" key={r.name} aria-label={`${r.author === me ? 'My' : 'Their'} record of the meeting of ${r.meetingTime ? new Date(r.meetingTime).toLocaleDateString() : ''}`}>
          <p><strong>{r.author === me ? 'Your record' : 'The other’s record'}</strong>, meeting of {r.meetingTime ? new Date(r.meetingTime).toLocaleString() : ''}</p>
          <dl className="facts">
            {(r.topics ?? []).length > 0 && <><dt>Topics</dt><dd>{r.topics!.join(', ')}</dd></>}
            {r.decisions && <><dt>Decisions</dt><dd>{r.decisions}</dd></>}
            {r.sharedNotes && <><dt>Notes</dt><dd>{r.sharedNotes}</dd></>}
            {r.privateNotes && <><dt>Private notes</dt><dd>{r.privateNotes}</dd></>}
          </dl>
        </article>
      ))}
    </section>
  )
}
