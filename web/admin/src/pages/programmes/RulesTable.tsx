import { describeRules, type Programme } from './programme'

export const weightNames: [keyof NonNullable<Programme['weights']>, string][] = [
  ['competencyGap', 'Competency gaps covered'],
  ['areaOfWork', 'Same area of work'],
  ['seniority', 'Seniority gap'],
  ['availability', 'Free hours in common'],
  ['interests', 'Interests and skills in common'],
  ['language', 'A language in common'],
  ['locationFormat', 'Place or format'],
]

/** The programme's rules and scoring weights in force: the model's defaults where none were given. */
export function RulesTable({ programme }: { programme: Programme }) {
  const weights = programme.weights ?? {}
  const sum = weightNames.reduce((s, [k]) => s + (weights[k] ?? 0), 0)
  return (
    <section aria-labelledby="rules-heading">
      <h2 id="rules-heading">Rules in force</h2>
      <p>Rules not set at creation take the model’s defaults. Change them below.</p>
      <table>
        <thead>
          <tr><th scope="col">Rule</th><th scope="col">Value</th><th scope="col">What it means</th></tr>
        </thead>
        <tbody>
          {describeRules(programme.rules).map((r) => (
            <tr key={r.rule}><th scope="row">{r.rule}</th><td>{r.value}</td><td>{r.meaning}</td></tr>
          ))}
        </tbody>
      </table>
      <h3>Scoring weights</h3>
      <p>A factor’s share of the 100 points is its weight over the sum of the weights.</p>
      <table>
        <thead>
          <tr><th scope="col">Factor</th><th scope="col">Weight</th><th scope="col">Share of the score</th></tr>
        </thead>
        <tbody>
          {weightNames.map(([k, name]) => (
            <tr key={k}><th scope="row">{name}</th><td>{weights[k] ?? 0}</td><td>{sum ? `${Math.round((100 * (weights[k] ?? 0)) / sum)} points` : '—'}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
