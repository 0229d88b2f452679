import type { components } from '../../api/schema'

export type Proposal = components['schemas']['mentoring.matching.v1.Proposal']

/** One mentee whose proposal a review changed. */
export type ProposalChange = {
  mentee: string
  menteeName: string
  kind: 'newly matched' | 'unmatched' | 'new mentor' | 'new score'
  before?: { mentor: string; mentorName: string; score: number }
  after?: { mentor: string; mentorName: string; score: number }
}

export type RunDiff = { changes: ProposalChange[]; scoreBefore: number; scoreAfter: number }

/**
 * What a re-solve changed, mentee by mentee (a mentee has at most one proposal): who gained or
 * lost a mentor, who got another one, whose score moved. Unchanged mentees are left out; the
 * changes are in mentee-name order so that the same review always reads the same.
 */
export function runDiff(before: Proposal[], after: Proposal[]): RunDiff {
  const old = byMentee(before)
  const now = byMentee(after)
  const changes: ProposalChange[] = []
  for (const mentee of new Set([...old.keys(), ...now.keys()])) {
    const b = old.get(mentee)
    const a = now.get(mentee)
    const kind = !b ? 'newly matched' : !a ? 'unmatched' : b.mentor !== a.mentor ? 'new mentor' : score(b) !== score(a) ? 'new score' : undefined
    if (!kind) continue
    changes.push({
      mentee,
      menteeName: (a ?? b)!.menteeDisplayName || mentee,
      kind,
      before: b && side(b),
      after: a && side(a),
    })
  }
  changes.sort((x, y) => x.menteeName.localeCompare(y.menteeName) || x.mentee.localeCompare(y.mentee))
  return { changes, scoreBefore: total(before), scoreAfter: total(after) }
}

function byMentee(proposals: Proposal[]): Map<string, Proposal> {
  const map = new Map<string, Proposal>()
  for (const p of proposals) if (p.mentee) map.set(p.mentee, p)
  return map
}

const score = (p: Proposal) => Number(p.score ?? 0)
const total = (ps: Proposal[]) => ps.reduce((sum, p) => sum + score(p), 0)
const side = (p: Proposal) => ({ mentor: p.mentor ?? '', mentorName: p.mentorDisplayName || p.mentor || '', score: score(p) })
