import type { Programme, ProgrammeRules } from './programme'

type Weights = NonNullable<Programme['weights']>
export type WeightKey = keyof Weights

/** The rules an administrator edits on the programme's page, as the contract names them (JSON and mask). */
export const numberRules = [
  { key: 'groupSizeMin', label: 'Fewest mentees per mentor' },
  { key: 'groupSizeMax', label: 'Most mentees per mentor' },
  { key: 'durationWeeks', label: 'Length in weeks', hint: '0 for no fixed length' },
  { key: 'meetingCadenceDays', label: 'Days between meetings', hint: '0 for a single event' },
  { key: 'sessionMinutes', label: 'Meeting length in minutes' },
  { key: 'maxTimeZoneGapHours', label: 'Largest time-zone gap in hours', hint: '0 to 12; -1 for no limit' },
  { key: 'maxRequestsPerMentee', label: 'Open requests a mentee may have', hint: '0 when mentees do not request' },
  { key: 'requestExpiryDays', label: 'Days before an unanswered request expires', hint: '0 for never' },
] as const satisfies readonly { key: keyof ProgrammeRules; label: string; hint?: string }[]

export const switchRules = [
  { key: 'credentialRequired', label: 'Only mentors with a current credential are matched' },
  { key: 'sameAreaRequired', label: 'Mentor and mentee share their area of work' },
  { key: 'excludeSharedLineManager', label: 'Pairs with the same direct line manager are not proposed' },
  { key: 'allowRepeatPairs', label: 'A pair whose relationship ended may be proposed again' },
] as const satisfies readonly { key: keyof ProgrammeRules; label: string }[]

export const weightKeys: WeightKey[] = ['competencyGap', 'areaOfWork', 'seniority', 'availability', 'interests', 'language', 'locationFormat']

type NumberKey = (typeof numberRules)[number]['key']
type SwitchKey = (typeof switchRules)[number]['key']

/** What the form holds: numbers as typed (so that a half-typed value is kept, and refused by its field). */
export type RulesDraft = {
  displayName: string
  formal: boolean
  numbers: Record<NumberKey, string>
  switches: Record<SwitchKey, boolean>
  weights: Record<WeightKey, string>
}

export function draftOf(p: Programme): RulesDraft {
  const r = p.rules ?? {}
  return {
    displayName: p.displayName ?? '',
    formal: !!p.formal,
    numbers: Object.fromEntries(numberRules.map((n) => [n.key, String(r[n.key] ?? 0)])) as Record<NumberKey, string>,
    switches: Object.fromEntries(switchRules.map((s) => [s.key, !!r[s.key]])) as Record<SwitchKey, boolean>,
    weights: Object.fromEntries(weightKeys.map((k) => [k, String(p.weights?.[k] ?? 0)])) as Record<WeightKey, string>,
  }
}

const whole = (text: string) => (/^-?\d+$/.test(text.trim()) ? Number(text.trim()) : undefined)

export type RulesChange =
  | { kind: 'none' }
  | { kind: 'invalid'; fields: Record<string, string> }
  | { kind: 'change'; updateMask: string; programme: Programme }

/**
 * The UpdateProgramme call that turns `p` into `d`: only what changed is in the mask (one path a
 * rule, `weights` whole; JSON names, as a field mask in a query string is written), so that a colleague's change of another rule is kept. Text that is not a
 * whole number is refused here by its field (the JSON names the server's violations use).
 */
export function changesOf(p: Programme, d: RulesDraft): RulesChange {
  const before = draftOf(p)
  const fields: Record<string, string> = {}
  const paths: string[] = []
  const rules: ProgrammeRules = {}
  for (const n of numberRules) {
    if (d.numbers[n.key].trim() === before.numbers[n.key]) continue
    const value = whole(d.numbers[n.key])
    if (value === undefined) fields[`rules.${n.key}`] = 'must be a whole number'
    else { rules[n.key] = value; paths.push(`rules.${n.key}`) }
  }
  for (const s of switchRules) {
    if (d.switches[s.key] === before.switches[s.key]) continue
    rules[s.key] = d.switches[s.key]
    paths.push(`rules.${s.key}`)
  }
  let weights: Weights | undefined
  if (weightKeys.some((k) => d.weights[k].trim() !== before.weights[k])) {
    weights = {}
    for (const k of weightKeys) {
      const value = whole(d.weights[k])
      if (value === undefined) fields[`weights.${k}`] = 'must be a whole number'
      else weights[k] = value
    }
    paths.push('weights')
  }
  if (d.displayName !== before.displayName) paths.push('displayName')
  if (d.formal !== before.formal) paths.push('formal')
  if (Object.keys(fields).length > 0) return { kind: 'invalid', fields }
  if (paths.length === 0) return { kind: 'none' }
  return {
    kind: 'change',
    updateMask: paths.join(','),
    // model is required by the contract's shape but not in the mask: it never changes
    programme: { displayName: d.displayName, model: p.model, formal: d.formal, rules, weights, etag: p.etag },
  }
}

/**
 * After someone else changed the programme (a stale etag): a draft over `fresh` that keeps what was
 * edited over `base` and takes everything else from `fresh`.
 */
export function rebase(base: Programme, d: RulesDraft, fresh: Programme): RulesDraft {
  const before = draftOf(base)
  const now = draftOf(fresh)
  const pick = <T extends Record<string, string | boolean>>(edited: T, was: T, theirs: T): T =>
    Object.fromEntries(Object.keys(edited).map((k) => [k, edited[k] !== was[k] ? edited[k] : theirs[k]])) as T
  return {
    displayName: d.displayName !== before.displayName ? d.displayName : now.displayName,
    formal: d.formal !== before.formal ? d.formal : now.formal,
    numbers: pick(d.numbers, before.numbers, now.numbers),
    switches: pick(d.switches, before.switches, now.switches),
    weights: pick(d.weights, before.weights, now.weights),
  }
}
