import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data, Refusal } from '../../api/call'
import { idOf } from '../../api/names'
import type { components } from '../../api/schema'
import { Field } from '../Field'
import { meetingFormats, type MeetingFormat } from '../people/people'
import { useAgreement } from './useAgreement'
import { MeetingWork } from './work/MeetingWork'
import { useNow } from '../../useNow'

type Slot = components['schemas']['mentoring.scheduling.v1.MutualSlot']
const day = 24 * 60 * 60 * 1000
const when = (iso?: string) =>
  iso ? new Date(iso).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }) : ''

/** Find a time that suits everyone, book it, answer the invitations; then each meeting's agenda, attendance, pulse and record. */
export function MeetingsSection({ relationshipId, me }: { relationshipId: string; me: string }) {
  const queryClient = useQueryClient()
  const relationship = `relationships/${relationshipId}`
  const key = ['scheduling', 'meetings', relationshipId]
  const [minutes, setMinutes] = useState('60')
  const [format, setFormat] = useState<MeetingFormat>('MEETING_FORMAT_VIDEO')
  const [joinUrl, setJoinUrl] = useState('')
  const [location, setLocation] = useState('')
  const [slots, setSlots] = useState<Slot[]>()
  const [refused, setRefused] = useState<Refusal>()
  const now = useNow(10_000)
  // How they agreed to meet is the booking's default: taken once per version of the agreement.
  const agreement = useAgreement(relationshipId).data
  const logistics = agreement?.logistics
  const applied = useRef<string>(undefined)
  useEffect(() => {
    if (!logistics || applied.current === agreement?.etag) return
    applied.current = agreement?.etag
    if (logistics.format && logistics.format !== 'MEETING_FORMAT_UNSPECIFIED') setFormat(logistics.format)
    if (logistics.durationMinutes) setMinutes(String(logistics.durationMinutes))
    setJoinUrl((typed) => typed || logistics.joinUrl || '')
    setLocation((typed) => typed || logistics.location || '')
  }, [logistics, agreement?.etag])

  const meetings = useQuery({
    queryKey: key,
    queryFn: () => data(api.GET('/scheduling/v1/meetings', { params: { query: { relationship, pageSize: 50 } } })).then((r) => r.meetings ?? []),
  })
  const find = useMutation({
    mutationFn: () => {
      const start = Date.now() + day
      return data(api.POST('/scheduling/v1/relationships/{relationshipId}:findMutualSlots', {
        params: { path: { relationshipId } },
        body: { startTime: new Date(start).toISOString(), endTime: new Date(start + 14 * day).toISOString(), durationMinutes: Number(minutes) || 0 },
      }))
    },
    onMutate: () => setRefused(undefined),
    onSuccess: (r) => setSlots((r.slots ?? []).slice(0, 8)),
    onError: (e: Refusal) => setRefused(e),
  })
  const book = useMutation({
    mutationFn: (slot: Slot) =>
      data(api.POST('/scheduling/v1/meetings', {
        params: { query: { requestId: `${relationshipId}-${slot.startTime}` } },
        body: { relationship, startTime: slot.startTime!, endTime: slot.endTime!, format, joinUrl: joinUrl || undefined, location: location || undefined },
      }), 'meeting'),
    onMutate: () => setRefused(undefined),
    onSuccess: () => { setSlots(undefined); return queryClient.invalidateQueries({ queryKey: key }) },
    onError: (e: Refusal) => setRefused(e),
  })
  const respond = useMutation({
    mutationFn: (meeting: string) =>
      data(api.POST('/scheduling/v1/meetings/{meetingId}:respond', { params: { path: { meetingId: idOf(meeting) } }, body: { response: 'RESPONSE_ACCEPTED' } })),
    onMutate: () => setRefused(undefined),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
    onError: (e: Refusal) => setRefused(e),
  })
  const fields = refused?.fields ?? {}
  const search = (e: FormEvent) => { e.preventDefault(); find.mutate() }

  return (
    <section aria-labelledby="meetings-heading">
      <h2 id="meetings-heading">Meetings</h2>
      {meetings.isPending && <p>Loading…</p>}
      {meetings.isError && <p role="alert">Could not load the meetings: {meetings.error.message}</p>}
      {meetings.data?.length === 0 && <p>No meetings yet.</p>}
      {meetings.data && meetings.data.length > 0 && (
        <table>
          <caption className="visually-hidden">The relationship’s meetings</caption>
          <thead>
            <tr><th scope="col">When</th><th scope="col">State</th><th scope="col">Your answer</th></tr>
          </thead>
          <tbody>
            {meetings.data.map((m) => {
              const mine = m.attendees?.find((a) => a.person === me)
              const accepted = mine?.response === 'RESPONSE_ACCEPTED'
              return (
                <tr key={m.name}>
                  <td>{when(m.startTime)} – {new Date(m.endTime).toLocaleTimeString(undefined, { timeStyle: 'short' })}</td>
                  <td>{(m.state ?? '').replace('MEETING_STATE_', '').toLowerCase()}</td>
                  <td>{accepted ? 'accepted' : (
                    <button type="button" disabled={respond.isPending} onClick={() => respond.mutate(m.name!)}
                      aria-label={`Accept the meeting of ${when(m.startTime)}`}>Accept</button>
                  )}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      {meetings.data?.map((m) => <MeetingWork key={m.name} meeting={m} relationshipId={relationshipId} meetingsKey={key} now={now} />)}

      <form onSubmit={search} aria-labelledby="book-heading" noValidate>
        <h3 id="book-heading">Book a meeting</h3>
        <p>Times in the next two weeks when everyone is free (weekly availability, exceptions and other meetings).</p>
        <Field id="meeting-minutes" label="Length in minutes" error={undefined}>
          {(props) => <input {...props} inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} />}
        </Field>
        <Field id="meeting-format" label="How" error={fields.format}>
          {(props) => (
            <select {...props} value={format} onChange={(e) => setFormat(e.target.value as MeetingFormat)}>
              {meetingFormats.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
            </select>
          )}
        </Field>
        <Field id="meeting-joinUrl" label="Video link" hint="https, for video meetings" error={fields.joinUrl}>
          {(props) => <input {...props} value={joinUrl} onChange={(e) => setJoinUrl(e.target.value)} />}
        </Field>
        <Field id="meeting-location" label="Place" hint="for meetings in person" error={fields.location}>
          {(props) => <input {...props} value={location} onChange={(e) => setLocation(e.target.value)} />}
        </Field>
        <button type="submit" disabled={find.isPending}>Find times</button>
      </form>
      <div role="status">
        {refused && <p className="error">{Object.values(fields).length ? Object.entries(fields).map(([f, t]) => `${f}: ${t}`).join('; ') : refused.message}</p>}
        {slots && slots.length === 0 && <p>No time suits everyone in the next two weeks.</p>}
      </div>
      {slots && slots.length > 0 && (
        <ul className="slots" aria-label="Times that suit everyone">
          {slots.map((s) => (
            <li key={s.startTime}>
              <button type="button" disabled={book.isPending} onClick={() => book.mutate(s)}>Book {when(s.startTime)}</button>
              {(s.unavailable ?? []).length > 0 && <span className="muted"> ({s.unavailable!.length} cannot come)</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
