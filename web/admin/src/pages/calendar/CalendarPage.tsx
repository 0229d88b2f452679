import { useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data } from '../../api/call'

const day = 24 * 60 * 60 * 1000
const state = (s?: string) => (s ?? '').replace('MEETING_STATE_', '').toLowerCase()

/** The organisation's meetings week by week: times, format and attendance — administrators never see agendas. */
export function CalendarPage() {
  const [weekOffset, setWeekOffset] = useState(0)
  const monday = new Date()
  monday.setHours(0, 0, 0, 0)
  monday.setDate(monday.getDate() - ((monday.getDay() + 6) % 7) + 7 * weekOffset)
  const start = monday.toISOString()
  const end = new Date(monday.getTime() + 7 * day).toISOString()
  const meetings = useQuery({
    queryKey: ['scheduling', 'calendar', start],
    queryFn: () => data(api.GET('/scheduling/v1/meetings', { params: { query: { startTime: start, endTime: end, pageSize: 500 } } })).then((r) => r.meetings ?? []),
  })
  const byDay = new Map<string, NonNullable<typeof meetings.data>>()
  for (const m of meetings.data ?? []) {
    const d = new Date(m.startTime).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' })
    byDay.set(d, [...(byDay.get(d) ?? []), m])
  }
  return (
    <>
      <h1>Calendar</h1>
      <div className="actions">
        <button type="button" onClick={() => setWeekOffset(weekOffset - 1)}>Previous week</button>
        <span aria-live="polite">Week of {monday.toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' })}</span>
        <button type="button" onClick={() => setWeekOffset(weekOffset + 1)}>Next week</button>
      </div>
      {meetings.isPending && <p>Loading…</p>}
      {meetings.isError && <p role="alert">Could not load the meetings: {meetings.error.message}</p>}
      {meetings.data?.length === 0 && <p>No meetings this week.</p>}
      {[...byDay.entries()].map(([d, list]) => (
        <section key={d} aria-label={d}>
          <h2>{d}</h2>
          <table>
            <thead><tr><th scope="col">Time</th><th scope="col">State</th><th scope="col">Format</th><th scope="col">Attendance</th></tr></thead>
            <tbody>
              {list.map((m) => (
                <tr key={m.name}>
                  <td>{new Date(m.startTime).toLocaleTimeString(undefined, { timeStyle: 'short' })} – {new Date(m.endTime).toLocaleTimeString(undefined, { timeStyle: 'short' })}</td>
                  <td>{state(m.state)}</td>
                  <td>{(m.format ?? '').replace('MEETING_FORMAT_', '').toLowerCase().replace('_', ' ')}</td>
                  <td>{(m.attendees ?? []).filter((a) => a.response === 'RESPONSE_ACCEPTED').length} of {(m.attendees ?? []).length} accepted
                    {(m.attendees ?? []).some((a) => a.absent) ? `, ${(m.attendees ?? []).filter((a) => a.absent).length} absent` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  )
}
