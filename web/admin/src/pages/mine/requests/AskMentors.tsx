import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../../api/client'
import { data, Refusal } from '../../../api/call'
import { idOf } from '../../../api/names'
import { RefusalNote } from '../../RefusalNote'
import { moveRanked, toggleRanked } from './ranking'

export const requestsKey = (programme: string) => ['matching', 'mentor-requests', programme]
export const suggestionsKey = (programme: string, me: string) => ['matching', 'suggestions', programme, me]

/** As a mentee of the programme: the suggested mentors, best first with why, to pick, rank and ask. Nothing when not a mentee there. */
export function AskMentors({ programme, me }: { programme: string; me: string }) {
  const queryClient = useQueryClient()
  const programmeId = idOf(programme)
  const [ranked, setRanked] = useState<string[]>([])
  const [message, setMessage] = useState('')
  const [refused, setRefused] = useState<Refusal>()
  const [done, setDone] = useState<string>()
  const suggestions = useQuery({
    queryKey: suggestionsKey(programme, me),
    retry: false,
    queryFn: async () => {
      try {
        return (await data(api.GET('/matching/v1/programmes/{programmeId}/suggestions', { params: { path: { programmeId }, query: { mentee: me, pageSize: 10 } } }))).suggestions ?? []
      } catch (e) {
        if (e instanceof Refusal && (e.status === 404 || e.status === 400)) return null // not a mentee of this programme
        throw e
      }
    },
  })
  const ask = useMutation({
    mutationFn: () =>
      data(api.POST('/matching/v1/programmes/{programmeId}/mentorRequests', { params: { path: { programmeId } }, body: { mentee: me, mentors: ranked, message: message || undefined } })),
    onMutate: () => { setRefused(undefined); setDone(undefined) },
    onSuccess: (r) => {
      setDone(`${(r.requests ?? []).length} requests sent.`); setRanked([]); setMessage('')
      return Promise.all([queryClient.invalidateQueries({ queryKey: requestsKey(programme) }), queryClient.invalidateQueries({ queryKey: suggestionsKey(programme, me) })])
    },
    onError: (e: Refusal) => setRefused(e),
  })
  if (suggestions.isError) return <p role="alert">Could not load your suggestions: {suggestions.error.message}</p>
  if (!suggestions.data) return null
  const nameOf = (mentor: string) => suggestions.data?.find((s) => s.mentor === mentor)?.mentorDisplayName || 'a mentor'

  return (
    <>
      <h3>Mentors suggested for you</h3>
      {suggestions.data.length === 0 && <p>No mentor with room left fits you in this programme now.</p>}
      {suggestions.data.length > 0 && (
        <table>
          <caption className="visually-hidden">Mentors suggested for you, best first</caption>
          <thead><tr><th scope="col">Ask</th><th scope="col">Mentor</th><th scope="col">Fit</th><th scope="col">Why</th></tr></thead>
          <tbody>
            {suggestions.data.map((s) => (
              <tr key={s.mentor}>
                <td><input type="checkbox" aria-label={`Ask ${s.mentorDisplayName || 'this mentor'}`} checked={ranked.includes(s.mentor!)}
                  onChange={(e) => setRanked((r) => toggleRanked(r, s.mentor!, e.target.checked))} /></td>
                <td>{s.mentorDisplayName}</td>
                <td>{Math.round(s.score ?? 0)} of 100</td>
                <td>{(s.factors ?? []).filter((f) => (f.points ?? 0) > 0).map((f) => f.explanation).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ranked.length > 0 && (
        <form noValidate aria-label="Your requests, most wanted first" onSubmit={(e) => { e.preventDefault(); ask.mutate() }}>
          <ol aria-label="Most wanted first">
            {ranked.map((m, i) => (
              <li key={m}>
                {nameOf(m)}{' '}
                <button type="button" disabled={i === 0} onClick={() => setRanked((r) => moveRanked(r, m, -1))} aria-label={`Move ${nameOf(m)} up`}>↑</button>{' '}
                <button type="button" disabled={i === ranked.length - 1} onClick={() => setRanked((r) => moveRanked(r, m, 1))} aria-label={`Move ${nameOf(m)} down`}>↓</button>
              </li>
            ))}
          </ol>
          <label htmlFor={`${programmeId}-message`}>A note to the mentors (optional)</label>
          <textarea id={`${programmeId}-message`} rows={2} value={message} onChange={(e) => setMessage(e.target.value)} />
          <button type="submit" disabled={ask.isPending}>Ask {ranked.length} {ranked.length === 1 ? 'mentor' : 'mentors'}</button>
        </form>
      )}
      <div role="status">
        {done && <p>{done}</p>}
        <RefusalNote refused={refused} shown={[]} />
      </div>
    </>
  )
}
