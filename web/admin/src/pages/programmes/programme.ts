import type { components } from '../../api/schema'

export type Programme = components['schemas']['mentoring.matching.v1.Programme']
export type ProgrammeRules = components['schemas']['mentoring.matching.v1.ProgrammeRules']
export type Enrolment = components['schemas']['mentoring.matching.v1.Enrolment']
export type EnrolmentRole = components['schemas']['mentoring.matching.v1.EnrolmentRole']

export const programmeKey = (id: string) => ['matching', 'programmes', id] as const
export const enrolmentsKey = (id: string) => ['matching', 'programmes', id, 'enrolments'] as const

export const enrolmentRoles: { value: EnrolmentRole; label: string }[] = [
  { value: 'ENROLMENT_ROLE_MENTOR', label: 'Mentor' },
  { value: 'ENROLMENT_ROLE_MENTEE', label: 'Mentee' },
]

const yesNo = (b: boolean | undefined) => (b ? 'yes' : 'no')
const humanEnum = (v: string | undefined, prefix: string) => (v ?? '').replace(prefix, '').toLowerCase().replace(/_/g, ' ')

/** The rules in force, each with what it means (as the contract documents them), for the programme page. */
export function describeRules(r: ProgrammeRules = {}): { rule: string; value: string; meaning: string }[] {
  return [
    { rule: 'Group size', value: `${r.groupSizeMin ?? 1} to ${r.groupSizeMax ?? 1}`, meaning: 'Mentees per mentor in one relationship.' },
    { rule: 'Duration', value: r.durationWeeks ? `${r.durationWeeks} weeks` : 'no fixed length', meaning: 'A relationship still working then moves to closing by itself.' },
    { rule: 'Ends', value: humanEnum(r.endCondition, 'END_CONDITION_'), meaning: 'What ends a relationship.' },
    { rule: 'Meeting cadence', value: r.meetingCadenceDays ? `every ${r.meetingCadenceDays} days` : 'a single event', meaning: 'Default days between meetings.' },
    { rule: 'Session length', value: `${r.sessionMinutes ?? 0} minutes`, meaning: 'Default meeting length.' },
    { rule: 'Credential required', value: yesNo(r.credentialRequired), meaning: 'Only mentors with a current credential are matched.' },
    { rule: 'Meeting formats', value: (r.formatsAllowed ?? []).map((f) => humanEnum(f, 'MEETING_FORMAT_')).join(', ') || 'any', meaning: 'A pair needs one in common.' },
    { rule: 'Time-zone gap', value: r.maxTimeZoneGapHours === -1 || r.maxTimeZoneGapHours === undefined ? 'no limit' : `at most ${r.maxTimeZoneGapHours} h`, meaning: 'Largest gap between the two UTC offsets.' },
    { rule: 'Same area required', value: yesNo(r.sameAreaRequired), meaning: 'Mentor and mentee share their area of work.' },
    { rule: 'Exclude a shared line manager', value: yesNo(r.excludeSharedLineManager), meaning: 'Pairs with the same direct line manager are not proposed.' },
    { rule: 'Supervisory pairs allowed', value: yesNo(r.allowSupervisory), meaning: 'A mentor in the mentee’s reporting line (flagged; discouraged).' },
    { rule: 'Repeat pairs allowed', value: yesNo(r.allowRepeatPairs), meaning: 'A pair whose relationship ended may be proposed again.' },
    { rule: 'Seniority', value: humanEnum(r.seniorityDirection, 'SENIORITY_DIRECTION_'), meaning: 'How the mentor’s level compares with the mentee’s.' },
    { rule: 'Preferred seniority gap', value: `${r.preferredSeniorityGapMin ?? 0} to ${r.preferredSeniorityGapMax ?? 0} levels`, meaning: 'Gaps (mentor minus mentee) that score fully.' },
    { rule: 'Target shared hours', value: `${r.targetSharedHoursPerWeek ?? 0} a week`, meaning: 'Free hours in common that score the availability factor fully.' },
    { rule: 'Mentee requests', value: r.maxRequestsPerMentee ? `up to ${r.maxRequestsPerMentee} open, expiring after ${r.requestExpiryDays || 'no'} days` : 'mentees do not request', meaning: 'Mentee-initiated matching.' },
  ]
}
