import type { components } from '../../api/schema'

type Run = components['schemas']['mentoring.matching.v1.MatchingRun']

const reasons: Record<string, string> = {
  NO_CANDIDATES: 'every mentor excluded by a rule',
  CANDIDATES_FULL: 'every candidate’s places went to better-scoring pairs',
  NO_VIABLE_GROUP: 'no group could be formed',
}

/** Who stayed unmatched and why (with the rules that excluded most mentors), and supply and demand by area. */
export function UnmatchedAndShortages({ run, person }: { run: Run; person: (name?: string) => string }) {
  const unmatched = run.unmatched ?? []
  const shortages = run.shortages ?? []
  return (
    <>
      <section aria-labelledby="unmatched-heading">
        <h2 id="unmatched-heading">Unmatched ({unmatched.length})</h2>
        {unmatched.length === 0 ? <p>Every mentee has a proposal.</p> : (
          <table>
            <thead>
              <tr><th scope="col">Mentee</th><th scope="col">Why</th><th scope="col">Mentors excluded, by rule</th></tr>
            </thead>
            <tbody>
              {unmatched.map((u) => (
                <tr key={u.mentee}>
                  <td>{person(u.mentee)}</td>
                  <td>{reasons[u.reason ?? ''] ?? u.reason}: {u.explanation}</td>
                  <td>{Object.entries(u.exclusions ?? {}).map(([rule, n]) => `${rule.replace(/_/g, ' ')}: ${n}`).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="shortages-heading">
        <h2 id="shortages-heading">Supply and demand by area</h2>
        {shortages.length === 0 ? <p>No area figures.</p> : (
          <table>
            <thead>
              <tr>
                <th scope="col">Area of work</th><th scope="col">Mentees</th><th scope="col">Unmatched</th>
                <th scope="col">Mentors</th><th scope="col">Places left</th>
              </tr>
            </thead>
            <tbody>
              {shortages.map((s) => (
                <tr key={s.areaOfWork}>
                  <td>{s.areaOfWork}</td><td>{s.mentees ?? 0}</td><td>{s.unmatchedMentees ?? 0}</td>
                  <td>{s.mentors ?? 0}</td><td>{s.mentorCapacity ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  )
}
