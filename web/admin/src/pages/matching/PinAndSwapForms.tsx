import { useState, type FormEvent } from 'react'
import type { Enrolment } from '../programmes/programme'
import type { Proposal } from './runDiff'

const name = (e: Enrolment) => e.displayName || e.person || ''

/** PIN forces a mentee–mentor pair; SWAP exchanges the mentors of two matched mentees. Both re-solve the rest. */
export function PinAndSwapForms({ enrolments, proposals, busy, onPin, onSwap }: {
  enrolments: Enrolment[]
  proposals: Proposal[]
  busy: boolean
  onPin: (mentee: string, mentor: string) => void
  onSwap: (mentee: string, otherMentee: string) => void
}) {
  const [pinMentee, setPinMentee] = useState('')
  const [pinMentor, setPinMentor] = useState('')
  const [swapA, setSwapA] = useState('')
  const [swapB, setSwapB] = useState('')
  const mentees = enrolments.filter((e) => e.role === 'ENROLMENT_ROLE_MENTEE')
  const mentors = enrolments.filter((e) => e.role === 'ENROLMENT_ROLE_MENTOR')
  const matched = proposals.filter((p) => p.mentee)

  const pin = (e: FormEvent) => { e.preventDefault(); onPin(pinMentee, pinMentor) }
  const swap = (e: FormEvent) => { e.preventDefault(); onSwap(swapA, swapB) }

  return (
    <div className="side-by-side">
      <form onSubmit={pin} aria-labelledby="pin-heading">
        <h3 id="pin-heading">Pin a pair</h3>
        <div className="field">
          <label htmlFor="pin-mentee">Mentee</label>
          <select id="pin-mentee" value={pinMentee} onChange={(e) => setPinMentee(e.target.value)}>
            <option value="">Choose a mentee</option>
            {mentees.map((m) => <option key={m.person} value={m.person}>{name(m)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="pin-mentor">Mentor</label>
          <select id="pin-mentor" value={pinMentor} onChange={(e) => setPinMentor(e.target.value)}>
            <option value="">Choose a mentor</option>
            {mentors.map((m) => <option key={m.person} value={m.person}>{name(m)}</option>)}
          </select>
        </div>
        <button type="submit" disabled={busy || !pinMentee || !pinMentor}>Pin and re-solve</button>
      </form>
      <form onSubmit={swap} aria-labelledby="swap-heading">
        <h3 id="swap-heading">Swap two mentees’ mentors</h3>
        <div className="field">
          <label htmlFor="swap-a">Mentee</label>
          <select id="swap-a" value={swapA} onChange={(e) => setSwapA(e.target.value)}>
            <option value="">Choose a matched mentee</option>
            {matched.map((p) => <option key={p.mentee} value={p.mentee}>{p.menteeDisplayName}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="swap-b">Other mentee</label>
          <select id="swap-b" value={swapB} onChange={(e) => setSwapB(e.target.value)}>
            <option value="">Choose another matched mentee</option>
            {matched.filter((p) => p.mentee !== swapA).map((p) => <option key={p.mentee} value={p.mentee}>{p.menteeDisplayName}</option>)}
          </select>
        </div>
        <button type="submit" disabled={busy || !swapA || !swapB}>Swap and re-solve</button>
      </form>
    </div>
  )
}
