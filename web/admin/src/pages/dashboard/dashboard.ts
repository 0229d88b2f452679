import type { components } from '../../api/schema'
import { phases } from '../relationships/phases'

type Relationship = components['schemas']['mentoring.matching.v1.Relationship']
type Enrolment = components['schemas']['mentoring.matching.v1.Enrolment']
type FunnelCount = components['schemas']['mentoring.profile.v1.CredentialingFunnelCount']

/** Relationships per phase, every phase listed (zero included) in lifecycle order. */
export function phaseCounts(relationships: Relationship[]): { phase: string; relationships: number }[] {
  return phases.map((p) => ({ phase: p.label, relationships: relationships.filter((r) => r.state === p.value).length }))
}

/**
 * Match rate: enrolled mentees who are in a relationship that is not closed, over enrolled
 * mentees. Undefined with nobody enrolled (not 0 %, which would read as a failure).
 */
export function matchRate(enrolments: Enrolment[], relationships: Relationship[]): { matched: number; mentees: number; percent?: number } {
  const mentees = new Set(enrolments.filter((e) => e.role === 'ENROLMENT_ROLE_MENTEE').map((e) => e.person))
  const matched = new Set(
    relationships.filter((r) => r.state !== 'RELATIONSHIP_STATE_CLOSED').flatMap((r) => r.mentees ?? []).filter((m) => mentees.has(m)),
  )
  return { matched: matched.size, mentees: mentees.size, percent: mentees.size ? Math.round((100 * matched.size) / mentees.size) : undefined }
}

const steps: [string, string][] = [
  ['CREDENTIALING_STEP_APPLICATION', 'Application'],
  ['CREDENTIALING_STEP_SELECTION', 'Selection'],
  ['CREDENTIALING_STEP_CONTENT_TRAINING', 'Content training'],
  ['CREDENTIALING_STEP_STRUCTURED_OBSERVATION', 'Structured observation'],
  ['CREDENTIALING_STEP_CO_MENTORING', 'Co-mentoring'],
  ['CREDENTIALING_STEP_INDEPENDENT_SESSION', 'Independent session'],
  ['CREDENTIALING_STEP_INITIAL_CREDENTIAL', 'Initial credential'],
]

/** The credentialing funnel: pipelines per current step (all states), in step order; steps the contract adds later come last by name. */
export function funnelByStep(counts: FunnelCount[]): { step: string; pipelines: number }[] {
  const known = new Map(steps)
  const totals = new Map<string, number>()
  for (const c of counts) totals.set(c.currentStep ?? '', (totals.get(c.currentStep ?? '') ?? 0) + (c.pipelines ?? 0))
  const ordered = steps.filter(([s]) => totals.has(s)).map(([s, label]) => ({ step: label, pipelines: totals.get(s)! }))
  const others = [...totals.keys()].filter((s) => !known.has(s)).sort().map((s) => ({ step: s, pipelines: totals.get(s)! }))
  return [...ordered, ...others]
}

export type PeriodDays = 30 | 90 | 365
export const periods: { days: PeriodDays; label: string }[] = [
  { days: 30, label: 'the last 30 days' },
  { days: 90, label: 'the last 90 days' },
  { days: 365, label: 'the last 12 months' },
]

/**
 * A report period of whole days ending with today: from midnight UTC `days - 1` days ago to the
 * coming midnight, so that the figures do not change with every minute (and stay one cached query a day).
 */
export function periodEndingNow(days: number, now: Date): { startTime: string; endTime: string } {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1))
  const start = new Date(end.getTime() - days * 86_400_000)
  return { startTime: start.toISOString(), endTime: end.toISOString() }
}
