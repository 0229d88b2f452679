import type { RunDiff } from './runDiff'

/** What the last review changed, mentee by mentee, and the objective before and after. */
export function ReviewDiff({ action, diff }: { action: string; diff: RunDiff }) {
  return (
    <section aria-labelledby="diff-heading" className="diff">
      <h2 id="diff-heading">What “{action}” changed</h2>
      <p>
        Total score {diff.scoreBefore.toFixed(1)} → {diff.scoreAfter.toFixed(1)}
        {diff.changes.length === 0 ? '; no proposal changed.' : `; ${diff.changes.length} mentee(s) affected.`}
      </p>
      {diff.changes.length > 0 && (
        <table>
          <thead>
            <tr><th scope="col">Mentee</th><th scope="col">Change</th><th scope="col">Before</th><th scope="col">After</th></tr>
          </thead>
          <tbody>
            {diff.changes.map((c) => (
              <tr key={c.mentee}>
                <td>{c.menteeName}</td>
                <td>{c.kind}</td>
                <td>{c.before ? `${c.before.mentorName} (${c.before.score.toFixed(1)})` : '—'}</td>
                <td>{c.after ? `${c.after.mentorName} (${c.after.score.toFixed(1)})` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
