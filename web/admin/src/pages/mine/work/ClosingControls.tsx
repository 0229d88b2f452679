import { useState } from 'react'
import { closeReasons, type CloseReason, type Relationship } from '../relationship'
import { useTransition } from '../useTransition'

/**
 * How a relationship ends: from ACTIVE it begins closing with a reason (the closing evaluation
 * opens), from CLOSING it closes; at any live phase either participant may end it without blame.
 */
export function ClosingControls({ relationship, onRefused }: { relationship: Relationship; onRefused: (message: string) => void }) {
  const transition = useTransition(onRefused)
  const [reason, setReason] = useState<CloseReason>('CLOSE_REASON_GOALS_MET')
  const [confirming, setConfirming] = useState(false)
  const state = relationship.state
  return (
    <section aria-labelledby="ending-heading">
      <h2 id="ending-heading">Ending the relationship</h2>
      {state === 'RELATIONSHIP_STATE_ACTIVE' && (
        <div className="actions">
          <label htmlFor="close-reason">Why</label>
          <select id="close-reason" value={reason} onChange={(e) => setReason(e.target.value as CloseReason)}>
            {closeReasons.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
          </select>
          <button type="button" disabled={transition.isPending}
            onClick={() => transition.mutate({ relationship, state: 'RELATIONSHIP_STATE_CLOSING', closeReason: reason })}>Begin closing</button>
        </div>
      )}
      {state === 'RELATIONSHIP_STATE_CLOSING' && (
        <button type="button" disabled={transition.isPending}
          onClick={() => transition.mutate({ relationship, state: 'RELATIONSHIP_STATE_CLOSED', closeReason: relationship.closeReason })}>Close the relationship</button>
      )}
      <p>Either of you may end it at any time, without blame and without giving a reason to anyone.</p>
      {confirming ? (
        <div className="actions" role="group" aria-label="Confirm ending without blame">
          <button type="button" disabled={transition.isPending}
            onClick={() => transition.mutate({ relationship, state: 'RELATIONSHIP_STATE_CLOSED', closeReason: 'CLOSE_REASON_NO_FIT' })}>Yes, end it now</button>
          <button type="button" onClick={() => setConfirming(false)}>Keep it</button>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>End it, no fault</button>
      )}
    </section>
  )
}
