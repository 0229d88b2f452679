import { describe, expect, it } from 'vitest'
import { runDiff, type Proposal } from './runDiff'

const p = (mentee: string, mentor: string, score: number): Proposal => ({
  mentee: `people/${mentee}`,
  mentor: `people/${mentor}`,
  score,
  menteeDisplayName: mentee,
  mentorDisplayName: mentor,
})

describe('runDiff', () => {
  it('leaves out mentees whose proposal did not change', () => {
    const run = [p('grace', 'ada', 80), p('alan', 'emmy', 60)]
    const diff = runDiff(run, run.map((x) => ({ ...x })))
    expect(diff.changes).toEqual([])
    expect(diff.scoreAfter - diff.scoreBefore).toBe(0)
  })

  it('names a swap as two new mentors, with both sides', () => {
    const diff = runDiff([p('grace', 'ada', 80), p('alan', 'emmy', 60)], [p('grace', 'emmy', 50), p('alan', 'ada', 70)])
    expect(diff.changes.map((c) => [c.menteeName, c.kind, c.before?.mentorName, c.after?.mentorName])).toEqual([
      ['alan', 'new mentor', 'emmy', 'ada'],
      ['grace', 'new mentor', 'ada', 'emmy'],
    ])
    expect(diff.scoreBefore).toBe(140)
    expect(diff.scoreAfter).toBe(120)
  })

  it('tells a mentee who lost a mentor from one who gained one', () => {
    const diff = runDiff([p('grace', 'ada', 80)], [p('alan', 'ada', 75)])
    expect(diff.changes).toEqual([
      { mentee: 'people/alan', menteeName: 'alan', kind: 'newly matched', before: undefined, after: { mentor: 'people/ada', mentorName: 'ada', score: 75 } },
      { mentee: 'people/grace', menteeName: 'grace', kind: 'unmatched', before: { mentor: 'people/ada', mentorName: 'ada', score: 80 }, after: undefined },
    ])
  })

  it('reports a changed score for the same pair', () => {
    const diff = runDiff([p('grace', 'ada', 80)], [p('grace', 'ada', 82.5)])
    expect(diff.changes.map((c) => c.kind)).toEqual(['new score'])
    expect(diff.scoreAfter).toBe(82.5)
  })

  it('falls back to resource names when display names are missing, and orders deterministically', () => {
    const bare = (mentee: string, mentor: string): Proposal => ({ mentee, mentor, score: 1 })
    const diff = runDiff([], [bare('people/b', 'people/m'), bare('people/a', 'people/m')])
    expect(diff.changes.map((c) => c.menteeName)).toEqual(['people/a', 'people/b'])
    expect(diff.changes[0].after?.mentorName).toBe('people/m')
  })
})
