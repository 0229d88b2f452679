import { useState, type FormEvent } from 'react'
import type { components } from '../../../api/schema'

export type AvailabilityException = components['schemas']['mentoring.profile.v1.AvailabilityException']

/** Dated exceptions: a whole day or a time range when the person is not available. */
export function ExceptionsEditor({ exceptions, onChange, error }: {
  exceptions: AvailabilityException[]
  onChange: (e: AvailabilityException[]) => void
  error?: string
}) {
  const [date, setDate] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const add = (e: FormEvent) => {
    e.preventDefault()
    onChange([...exceptions, { date, startTime: from || undefined, endTime: to || undefined }])
    setDate(''); setFrom(''); setTo('')
  }
  return (
    <fieldset className="field wide" aria-describedby={error ? 'exceptions-error' : undefined}>
      <legend>Exceptions (when you are away)</legend>
      {exceptions.length === 0 ? <p>None.</p> : (
        <ul>
          {exceptions.map((x, i) => (
            <li key={`${x.date}-${x.startTime}-${i}`}>
              {x.date}{x.startTime ? `, ${x.startTime} to ${x.endTime}` : ', all day'}{' '}
              <button type="button" onClick={() => onChange(exceptions.filter((_, j) => j !== i))}
                aria-label={`Remove the exception of ${x.date}${x.startTime ? ` ${x.startTime}` : ''}`}>Remove</button>
            </li>
          ))}
        </ul>
      )}
      {error && <p id="exceptions-error" className="error">{error}</p>}
      <div className="filters" role="group" aria-label="Add an exception">
        <div className="field"><label htmlFor="exception-date">Date</label><input id="exception-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} /></div>
        <div className="field"><label htmlFor="exception-from">From (empty: all day)</label><input id="exception-from" type="time" value={from} onChange={(e) => setFrom(e.target.value)} /></div>
        <div className="field"><label htmlFor="exception-to">To</label><input id="exception-to" type="time" value={to} onChange={(e) => setTo(e.target.value)} /></div>
        <button type="button" onClick={add} disabled={!date}>Add the exception</button>
      </div>
    </fieldset>
  )
}
