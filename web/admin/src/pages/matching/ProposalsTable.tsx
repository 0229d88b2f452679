import type { Proposal } from './runDiff'

/** The run's proposals, each score with what it is made of, and Accept / Reject while in review. */
export function ProposalsTable({ proposals, inReview, busy, onAccept, onReject }: {
  proposals: Proposal[]
  inReview: boolean
  busy: boolean
  onAccept: (p: Proposal) => void
  onReject: (p: Proposal) => void
}) {
  if (proposals.length === 0) return <p>No proposals.</p>
  return (
    <table>
      <caption className="visually-hidden">Proposed pairs</caption>
      <thead>
        <tr>
          <th scope="col">Mentee</th>
          <th scope="col">Mentor</th>
          <th scope="col">Score</th>
          <th scope="col">Why</th>
          <th scope="col">Status</th>
          {inReview && <th scope="col">Review</th>}
        </tr>
      </thead>
      <tbody>
        {proposals.map((p) => (
          <tr key={`${p.mentee}-${p.mentor}`}>
            <td>{p.menteeDisplayName}</td>
            <td>{p.mentorDisplayName}</td>
            <td>{Number(p.score ?? 0).toFixed(1)}</td>
            <td>
              <details>
                <summary>Explain the score of {p.menteeDisplayName} with {p.mentorDisplayName}</summary>
                <ul>
                  {(p.factors ?? []).map((f) => (
                    <li key={f.factor}>
                      <strong>{Number(f.points ?? 0).toFixed(1)}</strong> {f.explanation}
                    </li>
                  ))}
                </ul>
              </details>
            </td>
            <td>{[p.accepted && 'accepted', p.pinned && 'pinned'].filter(Boolean).join(', ') || 'proposed'}</td>
            {inReview && (
              <td>
                <div className="actions">
                <button type="button" disabled={busy || p.accepted} onClick={() => onAccept(p)}
                  aria-label={`Accept ${p.mentorDisplayName} for ${p.menteeDisplayName}`}>Accept</button>
                <button type="button" disabled={busy || p.accepted || p.pinned} onClick={() => onReject(p)}
                  aria-label={`Reject ${p.mentorDisplayName} for ${p.menteeDisplayName}`}>Reject</button>
                </div>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
