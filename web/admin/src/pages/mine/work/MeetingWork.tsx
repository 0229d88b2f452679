import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../../api/client'
import { data, Refusal } from '../../../api/call'
import { idOf } from '../../../api/names'
import type { components } from '../../../api/schema'
import { Field } from '../../Field'
import { RefusalNote } from '../../RefusalNote'
import { sessionRecordsKey } from './SessionRecordsSection'

type Meeting = components['schemas']['mentoring.scheduling.v1.Meeting']

const when = (iso?: string) =>
  iso ? new Date(iso).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) : ''

/**
 * What a participant does with one meeting: before it starts, add to its agenda; once it has
 * started, record whether it was held; once held, answer its pulse and write a session record.
 */
export function MeetingWork({ meeting, relationshipId, meetingsKey, now }: { meeting: Meeting; relationshipId: string; meetingsKey: unknown[]; now: number }) {
  const started = new Date(meeting.startTime).getTime() <= now
  const cancelled = meeting.state === 'MEETING_STATE_CANCELLED'
  const held = meeting.state === 'MEETING_STATE_HELD'
  return (
    <article className="card" aria-label={`Meeting of ${when(meeting.startTime)}`}>
      <h3>Meeting of {when(meeting.startTime)}</h3>
      <Agenda meeting={meeting} meetingsKey={meetingsKey} open={!started && !cancelled} />
      {started && !cancelled && <Attendance meeting={meeting} meetingsKey={meetingsKey} />}
      {held && (
        <>
          <PulseForm meeting={meeting} relationshipId={relationshipId} />
          <SessionRecordForm meeting={meeting} relationshipId={relationshipId} />
        </>
      )}
    </article>
  )
}

/** A form's refusal: its fields' violations, and what the form does not show of it. */
function useRefusal(shown: string[] = []) {
  const [refused, setRefused] = useState<Refusal>()
  return { refused, setRefused, fields: refused?.fields ?? {}, message: <RefusalNote refused={refused} shown={shown} /> }
}

function Agenda({ meeting, meetingsKey, open }: { meeting: Meeting; meetingsKey: unknown[]; open: boolean }) {
  const queryClient = useQueryClient()
  const id = idOf(meeting.name)
  const [text, setText] = useState('')
  const { setRefused, fields, message } = useRefusal(['text'])
  const add = useMutation({
    mutationFn: () => data(api.POST('/scheduling/v1/meetings/{meetingId}:addAgendaItem', { params: { path: { meetingId: id } }, body: { text } })),
    onMutate: () => setRefused(undefined),
    onSuccess: () => { setText(''); return queryClient.invalidateQueries({ queryKey: meetingsKey }) },
    onError: (e: Refusal) => setRefused(e),
  })
  const items = meeting.agenda ?? []
  return (
    <>
      <h4>Agenda</h4>
      {items.length === 0 ? <p className="muted">Nothing on the agenda.</p> : (
        <ol aria-label={`Agenda of the meeting of ${when(meeting.startTime)}`}>{items.map((a, i) => <li key={i}>{a.text}</li>)}</ol>
      )}
      {open && (
        <form className="inline" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); add.mutate() }}>
          <Field id={`${id}-agenda`} label="Add to the agenda" error={fields.text}>
            {(props) => <input {...props} value={text} onChange={(e) => setText(e.target.value)} />}
          </Field>
          <button type="submit" disabled={add.isPending}>Add item</button>
        </form>
      )}
      <div role="status">{message}</div>
    </>
  )
}

function Attendance({ meeting, meetingsKey }: { meeting: Meeting; meetingsKey: unknown[] }) {
  const queryClient = useQueryClient()
  const { setRefused, message } = useRefusal()
  const record = useMutation({
    mutationFn: (held: boolean) =>
      data(api.POST('/scheduling/v1/meetings/{meetingId}:recordAttendance', { params: { path: { meetingId: idOf(meeting.name) } }, body: { held } })),
    onMutate: () => setRefused(undefined),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meetingsKey }),
    onError: (e: Refusal) => setRefused(e),
  })
  const state = meeting.state === 'MEETING_STATE_HELD' ? 'held' : meeting.state === 'MEETING_STATE_MISSED' ? 'missed' : 'not recorded yet'
  return (
    <>
      <h4>Attendance</h4>
      <p>Recorded as {state}.</p>
      <div className="actions">
        <button type="button" disabled={record.isPending} onClick={() => record.mutate(true)}>It was held</button>
        <button type="button" disabled={record.isPending} onClick={() => record.mutate(false)}>It did not take place</button>
      </div>
      <div role="status">{message}</div>
    </>
  )
}

function PulseForm({ meeting, relationshipId }: { meeting: Meeting; relationshipId: string }) {
  const queryClient = useQueryClient()
  const key = ['feedback', 'pulses', relationshipId]
  const id = idOf(meeting.name)
  const [score, setScore] = useState('')
  const [comment, setComment] = useState('')
  const { setRefused, fields, message } = useRefusal(['rating', 'comment'])
  const pulses = useQuery({
    queryKey: key,
    queryFn: () => data(api.GET('/feedback/v1/relationships/{relationshipId}/pulses', { params: { path: { relationshipId } } })).then((r) => r.pulses ?? []),
  })
  const answer = useMutation({
    mutationFn: () =>
      data(api.POST('/feedback/v1/relationships/{relationshipId}/pulses', {
        params: { path: { relationshipId } }, body: { meeting: meeting.name!, rating: Number(score) || 0, comment: comment || undefined },
      }), 'pulse'),
    onMutate: () => setRefused(undefined),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
    onError: (e: Refusal) => setRefused(e),
  })
  const mine = pulses.data?.find((p) => p.meeting === meeting.name)
  return (
    <>
      <h4>Pulse</h4>
      {mine ? <p>You rated it {mine.rating} of 5.</p> : (
        <form className="inline" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); answer.mutate() }}>
          <Field id={`${id}-score`} label="How was it, 1 (bad) to 5 (good)" error={fields.rating}>
            {(props) => <input {...props} inputMode="numeric" value={score} onChange={(e) => setScore(e.target.value)} />}
          </Field>
          <Field id={`${id}-pulse-comment`} label="Comment, for you alone (optional)" error={fields.comment}>
            {(props) => <input {...props} value={comment} onChange={(e) => setComment(e.target.value)} />}
          </Field>
          <button type="submit" disabled={answer.isPending}>Answer pulse</button>
        </form>
      )}
      <div role="status">{message}</div>
    </>
  )
}

function SessionRecordForm({ meeting, relationshipId }: { meeting: Meeting; relationshipId: string }) {
  const queryClient = useQueryClient()
  const id = idOf(meeting.name)
  const [topics, setTopics] = useState('')
  const [decisions, setDecisions] = useState('')
  const [sharedNotes, setSharedNotes] = useState('')
  const [privateNotes, setPrivateNotes] = useState('')
  const [written, setWritten] = useState(false)
  const { setRefused, fields, message } = useRefusal(['topics', 'decisions', 'sharedNotes', 'privateNotes'])
  const write = useMutation({
    mutationFn: () =>
      data(api.POST('/feedback/v1/relationships/{relationshipId}/sessionRecords', {
        params: { path: { relationshipId }, query: { requestId: `${id}-record` } },
        body: {
          meeting: meeting.name!,
          topics: topics.split(',').map((t) => t.trim()).filter(Boolean),
          decisions: decisions || undefined, sharedNotes: sharedNotes || undefined, privateNotes: privateNotes || undefined,
        },
      }), 'session_record'),
    onMutate: () => setRefused(undefined),
    onSuccess: () => { setWritten(true); return queryClient.invalidateQueries({ queryKey: sessionRecordsKey(relationshipId) }) },
    onError: (e: Refusal) => setRefused(e),
  })
  if (written) return <p role="status">Your session record of this meeting is saved.</p>
  return (
    <form noValidate aria-label={`Session record of the meeting of ${when(meeting.startTime)}`} onSubmit={(e: FormEvent) => { e.preventDefault(); write.mutate() }}>
      <h4>Session record</h4>
      <Field id={`${id}-topics`} label="Topics" hint="Separated by commas" error={fields.topics}>
        {(props) => <input {...props} value={topics} onChange={(e) => setTopics(e.target.value)} />}
      </Field>
      <Field id={`${id}-decisions`} label="Decisions" error={fields.decisions}>
        {(props) => <textarea {...props} rows={2} value={decisions} onChange={(e) => setDecisions(e.target.value)} />}
      </Field>
      <Field id={`${id}-sharedNotes`} label="Notes for the participants" error={fields.sharedNotes}>
        {(props) => <textarea {...props} rows={2} value={sharedNotes} onChange={(e) => setSharedNotes(e.target.value)} />}
      </Field>
      <Field id={`${id}-privateNotes`} label="Private notes, for you alone" error={fields.privateNotes}>
        {(props) => <textarea {...props} rows={2} value={privateNotes} onChange={(e) => setPrivateNotes(e.target.value)} />}
      </Field>
      <button type="submit" disabled={write.isPending}>Save session record</button>
      <div role="status">{message}</div>
    </form>
  )
}
