import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Refusal } from '../../api/call'
import { deadLetters, deadLettersKey, eventServices, replay, unpublished, type DeadLetter, type EventService } from './deadLetters'

const when = (t?: string) => (t ? new Date(t).toLocaleString() : '')

/**
 * Events that did not go through, service by service: dead letters (a subscriber gave up after its
 * attempts), each replayed once the cause is mended, and events not yet published from the outbox.
 * Each failure shows its kind only; the service's log has the error, by event id.
 */
export function DeadLettersPage() {
  const queryClient = useQueryClient()
  const [service, setService] = useState<EventService>('matching')
  const [replayed, setReplayed] = useState<string>()
  const [refused, setRefused] = useState<string>()
  const letters = useQuery({ queryKey: deadLettersKey(service), queryFn: () => deadLetters(service) })
  const outbox = useQuery({ queryKey: ['events', service, 'outbox'], queryFn: () => unpublished(service) })
  const again = useMutation({
    mutationFn: (d: DeadLetter) => replay(service, d),
    onMutate: () => { setReplayed(undefined); setRefused(undefined) },
    onSuccess: (_, d) => {
      setReplayed(`Event ${d.eventId} is back in line for ${d.subscriber}.`)
      return queryClient.invalidateQueries({ queryKey: deadLettersKey(service) })
    },
    onError: (e: Refusal) => setRefused(e.message),
  })

  return (
    <>
      <h1>Event dead letters</h1>
      <div className="field">
        <label htmlFor="events-service">Service</label>
        <select id="events-service" value={service} onChange={(e) => setService(e.target.value as EventService)}>
          {eventServices.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </div>
      <section aria-labelledby="dead-letters-heading">
        <h2 id="dead-letters-heading">Dead letters</h2>
        {letters.isPending && <p>Loading…</p>}
        {letters.isError && <p role="alert">Could not load the dead letters: {letters.error.message}</p>}
        {letters.data?.length === 0 && <p>None: every event was handled.</p>}
        {letters.data && letters.data.length > 0 && (
          <table>
            <caption className="visually-hidden">Dead letters of {service}</caption>
            <thead>
              <tr><th scope="col">Subscriber</th><th scope="col">Topic</th><th scope="col">Event</th><th scope="col">Attempts</th><th scope="col">Why</th><th scope="col">Given up</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
            </thead>
            <tbody>
              {letters.data.map((d) => (
                <tr key={`${d.subscriber}/${d.eventId}`}>
                  <td>{d.subscriber}</td><td>{d.topic}</td><td><code>{d.eventId}</code></td><td>{d.attempts}</td><td>{d.lastError}</td><td>{when(d.deadLetteredAt)}</td>
                  <td>
                    <button type="button" disabled={again.isPending} onClick={() => again.mutate(d)} aria-label={`Replay event ${d.eventId} for ${d.subscriber}`}>
                      Replay
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div role="status">
          {replayed && <p>{replayed}</p>}
          {refused && <p className="error">Refused: {refused}</p>}
        </div>
      </section>
      <section aria-labelledby="outbox-heading">
        <h2 id="outbox-heading">Not yet published</h2>
        {outbox.isError && <p role="alert">Could not load the outbox: {outbox.error.message}</p>}
        {outbox.data?.length === 0 && <p>Nothing waiting: every event is published.</p>}
        {outbox.data && outbox.data.length > 0 && (
          <table>
            <caption className="visually-hidden">Events of {service} waiting to be published</caption>
            <thead><tr><th scope="col">Topic</th><th scope="col">Event</th><th scope="col">Attempts</th><th scope="col">Why</th><th scope="col">Next attempt</th></tr></thead>
            <tbody>
              {outbox.data.map((o) => (
                <tr key={o.eventId}><td>{o.topic}</td><td><code>{o.eventId}</code></td><td>{o.attempts}</td><td>{o.lastError ?? ''}</td><td>{when(o.nextAttemptAt)}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  )
}
