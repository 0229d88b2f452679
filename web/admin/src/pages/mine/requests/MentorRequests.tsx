import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../../api/client'
import { data, Refusal } from '../../../api/call'
import { idOf } from '../../../api/names'
import type { components } from '../../../api/schema'
import { RefusalNote } from '../../RefusalNote'
import { requestsKey } from './AskMentors'

/** The programme's mentors with their names (a person enrolled in it may list them). */
function useProgrammeMentors(programme: string, enabled = true) {
  const programmeId = idOf(programme)
  return useQuery({
    queryKey: ['matching', 'programme-mentors', programme],
    enabled,
    queryFn: () => data(api.GET('/matching/v1/programmes/{programmeId}/enrolments', { params: { path: { programmeId }, query: { role: 'ENROLMENT_ROLE_MENTOR' } } }))
      .then((r) => r.enrolments ?? []),
  })
}

type MentorRequest = components['schemas']['mentoring.matching.v1.MentorRequest']
const stateLabel: Record<string, string> = {
  MENTOR_REQUEST_STATE_PENDING: 'waiting for an answer', MENTOR_REQUEST_STATE_ACCEPTED: 'accepted',
  MENTOR_REQUEST_STATE_DECLINED: 'declined', MENTOR_REQUEST_STATE_WITHDRAWN: 'withdrawn', MENTOR_REQUEST_STATE_EXPIRED: 'expired',
}

/** The requests I made in the programme (with a decliner's suggestion), and those I received as a mentor, to answer. */
export function MentorRequests({ programme, me }: { programme: string; me: string }) {
  const programmeId = idOf(programme)
  const requests = useQuery({
    queryKey: requestsKey(programme),
    queryFn: () => data(api.GET('/matching/v1/programmes/{programmeId}/mentorRequests', { params: { path: { programmeId } } })).then((r) => r.requests ?? []),
  })
  const mentors = useProgrammeMentors(programme, (requests.data ?? []).some((r) => r.mentee === me))
  const nameOf = (mentor?: string) => mentors.data?.find((m) => m.person === mentor)?.displayName || 'a mentor'
  if (requests.isError) return <p role="alert">Could not load the requests: {requests.error.message}</p>
  const made = (requests.data ?? []).filter((r) => r.mentee === me)
  const received = (requests.data ?? []).filter((r) => r.mentor === me)
  return (
    <>
      {made.length > 0 && (
        <>
          <h3>My requests</h3>
          <ul aria-label="My requests">
            {made.map((r) => (
              <li key={r.name}>
                {r.priority}. {nameOf(r.mentor)}: {stateLabel[r.state ?? ''] ?? r.state}
                {r.responseNote && ` — “${r.responseNote}”`}
                {r.suggestedMentor && ` (suggests another mentor of the programme instead)`}
              </li>
            ))}
          </ul>
        </>
      )}
      {received.length > 0 && (
        <>
          <h3>Requests to me</h3>
          {received.map((r) => <ReceivedRequest key={r.name} request={r} programme={programme} me={me} />)}
        </>
      )}
    </>
  )
}

function ReceivedRequest({ request, programme, me }: { request: MentorRequest; programme: string; me: string }) {
  const queryClient = useQueryClient()
  const programmeId = idOf(programme)
  const id = idOf(request.name)
  const [declining, setDeclining] = useState(false)
  const [redirect, setRedirect] = useState('')
  const [note, setNote] = useState('')
  const [refused, setRefused] = useState<Refusal>()
  const mentors = useProgrammeMentors(programme, declining)
  const respond = useMutation({
    mutationFn: (accept: boolean) =>
      data(api.POST('/matching/v1/programmes/{programmeId}/mentorRequests/{mentorRequestId}:respond', {
        params: { path: { programmeId, mentorRequestId: id } },
        body: { accept, suggestedMentor: accept ? undefined : redirect, note: note || undefined },
      })),
    onMutate: () => setRefused(undefined),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: requestsKey(programme) }),
    onError: (e: Refusal) => setRefused(e),
  })
  const pending = request.state === 'MENTOR_REQUEST_STATE_PENDING'
  return (
    <article className="card" aria-label={`Request ${request.priority === 1 ? 'naming you first' : `naming you ${request.priority}`}`}>
      <p>A mentee asks you{request.priority === 1 ? ' first' : ` as choice ${request.priority}`}: {stateLabel[request.state ?? ''] ?? request.state}.
        {request.expireTime && pending && ` Open until ${new Date(request.expireTime).toLocaleDateString()}.`}</p>
      {request.message && <blockquote>{request.message}</blockquote>}
      {pending && (
        <>
          <label htmlFor={`${id}-note`}>A note for the mentee (optional)</label>
          <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} />
          {declining ? (
            <div className="actions">
              <label htmlFor={`${id}-redirect`}>Suggest another mentor instead</label>
              <select id={`${id}-redirect`} value={redirect} onChange={(e) => setRedirect(e.target.value)}>
                <option value="">Choose a mentor</option>
                {mentors.data?.filter((m) => m.person !== me).map((m) => <option key={m.person} value={m.person}>{m.displayName || m.person}</option>)}
              </select>
              <button type="button" disabled={respond.isPending} onClick={() => respond.mutate(false)}>Decline and suggest</button>
              <button type="button" onClick={() => setDeclining(false)}>Back</button>
            </div>
          ) : (
            <div className="actions">
              <button type="button" disabled={respond.isPending} onClick={() => respond.mutate(true)}>Accept</button>
              <button type="button" onClick={() => setDeclining(true)}>Decline…</button>
            </div>
          )}
        </>
      )}
      <div role="status"><RefusalNote refused={refused} shown={[]} /></div>
    </article>
  )
}
