import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../../api/client'
import { data, Refusal } from '../../../api/call'
import type { components } from '../../../api/schema'
import { Field } from '../../Field'
import { RefusalNote } from '../../RefusalNote'
import type { Enrolment } from '../programme'
import { eventGrid, whenKnown } from './speedEvents'

type SpeedEvent = components['schemas']['mentoring.scheduling.v1.SpeedEvent']
type Format = 'MEETING_FORMAT_IN_PERSON' | 'MEETING_FORMAT_VIDEO'
const toIso = (local: string) => (local ? new Date(local).toISOString() : '')
const whole = (text: string) => (text.trim() === '' ? 0 : Number(text))
const time = (t?: string) => (t ? new Date(t).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : '')

/**
 * A speed-mentoring programme's events: plan the rotation (matching) and book it (scheduling) in one
 * go, then each event's rounds by table and anyone's itinerary.
 */
export function SpeedEventsSection({ programmeId, enrolments }: { programmeId: string; enrolments: Enrolment[] }) {
  const queryClient = useQueryClient()
  const key = ['scheduling', 'speed-events', programmeId]
  const events = useQuery({
    queryKey: key,
    // 404 until a first rotation of the programme has been planned: no events yet.
    queryFn: () => data(api.GET('/scheduling/v1/programmes/{programmeId}/speedEvents', { params: { path: { programmeId } } }))
      .then((r) => r.speedEvents ?? [], (e) => { if (e instanceof Refusal && e.status === 404) return []; throw e }),
  })
  const [form, setForm] = useState({ rounds: '3', start: '', roundMinutes: '', changeover: '2', breakEvery: '0', breakMinutes: '0', format: 'MEETING_FORMAT_IN_PERSON' as Format, place: '' })
  const [refused, setRefused] = useState<Refusal>()
  const [done, setDone] = useState<string>()
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }))
  const book = useMutation({
    mutationFn: async () => {
      const startTime = toIso(form.start)
      const plan = await data(api.POST('/matching/v1/programmes/{programmeId}:planSpeedRotation', {
        params: { path: { programmeId } }, body: { rounds: whole(form.rounds), startTime },
      }))
      return whenKnown(
        () => data(api.POST('/scheduling/v1/speedEvents', {
          body: {
            plan: plan.name ?? '', startTime, roundMinutes: whole(form.roundMinutes), changeoverMinutes: whole(form.changeover),
            breakEvery: whole(form.breakEvery), breakMinutes: whole(form.breakMinutes), format: form.format,
            location: form.format === 'MEETING_FORMAT_IN_PERSON' ? form.place : undefined,
            joinUrl: form.format === 'MEETING_FORMAT_VIDEO' ? form.place : undefined,
          },
        })),
        (e) => e instanceof Refusal && e.status === 404,
      )
    },
    onMutate: () => { setRefused(undefined); setDone(undefined) },
    onSuccess: (event) => {
      setDone(`Booked: ${(event.rounds ?? []).length} rounds from ${time(event.rounds?.[0]?.startTime)}.`)
      return queryClient.invalidateQueries({ queryKey: key })
    },
    onError: (e: Refusal) => setRefused(e),
  })
  const fields = refused?.fields ?? {}
  const submit = (e: FormEvent) => { e.preventDefault(); book.mutate() }
  const nameOf = (person?: string) => enrolments.find((x) => x.person === person)?.displayName || person || ''

  return (
    <section aria-labelledby="speed-heading">
      <h2 id="speed-heading">Speed events</h2>
      <form onSubmit={submit} noValidate aria-labelledby="speed-book-heading">
        <h3 id="speed-book-heading">Plan and book an event</h3>
        <p className="hint">The rotation pairs every enrolled mentee with a different mentor each round; mentors keep their table.</p>
        <Field id="speed-rounds" label="Rounds" error={fields.rounds}>
          {(props) => <input {...props} inputMode="numeric" value={form.rounds} onChange={(e) => set({ rounds: e.target.value })} />}
        </Field>
        <Field id="speed-startTime" label="First round starts" error={fields.startTime}>
          {(props) => <input {...props} type="datetime-local" value={form.start} onChange={(e) => set({ start: e.target.value })} />}
        </Field>
        <Field id="speed-roundMinutes" label="Minutes per conversation" hint="Empty for the programme's session length" error={fields.roundMinutes}>
          {(props) => <input {...props} inputMode="numeric" value={form.roundMinutes} onChange={(e) => set({ roundMinutes: e.target.value })} />}
        </Field>
        <Field id="speed-changeoverMinutes" label="Minutes to change tables" error={fields.changeoverMinutes}>
          {(props) => <input {...props} inputMode="numeric" value={form.changeover} onChange={(e) => set({ changeover: e.target.value })} />}
        </Field>
        <Field id="speed-breakEvery" label="A break after every this many rounds" hint="0 for none" error={fields.breakEvery}>
          {(props) => <input {...props} inputMode="numeric" value={form.breakEvery} onChange={(e) => set({ breakEvery: e.target.value })} />}
        </Field>
        <Field id="speed-breakMinutes" label="Minutes of each break" error={fields.breakMinutes}>
          {(props) => <input {...props} inputMode="numeric" value={form.breakMinutes} onChange={(e) => set({ breakMinutes: e.target.value })} />}
        </Field>
        <Field id="speed-format" label="How they meet" error={fields.format}>
          {(props) => (
            <select {...props} value={form.format} onChange={(e) => set({ format: e.target.value as Format })}>
              <option value="MEETING_FORMAT_IN_PERSON">In person, at tables</option>
              <option value="MEETING_FORMAT_VIDEO">By video, a room per table</option>
            </select>
          )}
        </Field>
        <Field id="speed-place" label={form.format === 'MEETING_FORMAT_VIDEO' ? 'Video call link' : 'Venue'}
          error={form.format === 'MEETING_FORMAT_VIDEO' ? fields.joinUrl : fields.location}>
          {(props) => <input {...props} value={form.place} onChange={(e) => set({ place: e.target.value })} />}
        </Field>
        <button type="submit" disabled={book.isPending}>Plan and book</button>
        <div role="status">
          {book.isPending && <p>Planning and booking…</p>}
          {done && <p>{done}</p>}
          <RefusalNote refused={refused}
            shown={['rounds', 'startTime', 'roundMinutes', 'changeoverMinutes', 'breakEvery', 'breakMinutes', 'format', form.format === 'MEETING_FORMAT_VIDEO' ? 'joinUrl' : 'location']} />
        </div>
      </form>
      {events.isError && <p role="alert">Could not load the events: {events.error.message}</p>}
      {events.data?.length === 0 && <p>No event booked yet.</p>}
      {(events.data ?? []).map((event, i) => <BookedEvent key={event.name} event={event} index={(events.data?.length ?? 0) - i} nameOf={nameOf} people={enrolments} />)}
    </section>
  )
}

function BookedEvent({ event, index, nameOf, people }: { event: SpeedEvent; index: number; nameOf: (p?: string) => string; people: Enrolment[] }) {
  const grid = eventGrid(event, nameOf)
  const [person, setPerson] = useState('')
  const inEvent = people.filter((p) => (event.rounds ?? []).some((r) => (r.conversations ?? []).some((c) => c.mentor === p.person || c.mentee === p.person)))
  const eventId = (event.name ?? '').split('/')[1] ?? ''
  const itinerary = useQuery({
    queryKey: ['scheduling', 'speed-itinerary', eventId, person],
    enabled: !!person,
    queryFn: () => data(api.GET('/scheduling/v1/speedEvents/{speedEventId}/itineraries/people/{personId}', {
      params: { path: { speedEventId: eventId, personId: person.split('/')[1] ?? '' } },
    })),
  })
  const title = `Event ${index}: ${time(event.rounds?.[0]?.startTime)}, ${event.location}`
  return (
    <div>
      <h3>{title}</h3>
      <table>
        <caption>Who meets whom, round by round ({title})</caption>
        <thead><tr><th scope="col">Round</th>{grid.tables.map((t) => <th key={t} scope="col">Table {t}</th>)}</tr></thead>
        <tbody>
          {grid.rows.map((r) => (
            <tr key={r.round}><th scope="row">{r.round}, {time(r.start)}</th>{r.cells.map((c, i) => <td key={i}>{c}</td>)}</tr>
          ))}
        </tbody>
      </table>
      <div className="field">
        <label htmlFor={`itinerary-${eventId}`}>Itinerary of</label>
        <select id={`itinerary-${eventId}`} value={person} onChange={(e) => setPerson(e.target.value)}>
          <option value="">Choose someone</option>
          {inEvent.map((p) => <option key={p.person} value={p.person}>{p.displayName || p.person}</option>)}
        </select>
      </div>
      {itinerary.isError && <p role="alert">Could not load the itinerary: {itinerary.error.message}</p>}
      {itinerary.data && (
        <ol aria-label={`${nameOf(person)}'s itinerary`}>
          {(itinerary.data.entries ?? []).map((e) => (
            <li key={e.round}>
              Round {e.round}, {time(e.startTime)}: {e.partner ? `${nameOf(e.partner)} at ${e.place}` : 'a break'}
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}
