import type { components } from '../../../api/schema'

export type Goal = components['schemas']['mentoring.feedback.v1.Goal']
export type Milestone = components['schemas']['mentoring.feedback.v1.Milestone']
export type GoalStatus = components['schemas']['mentoring.feedback.v1.GoalStatus']

export const goalStatuses: { value: GoalStatus; label: string }[] = [
  { value: 'GOAL_STATUS_NOT_STARTED', label: 'Not started' },
  { value: 'GOAL_STATUS_ON_TRACK', label: 'On track' },
  { value: 'GOAL_STATUS_AT_RISK', label: 'At risk' },
  { value: 'GOAL_STATUS_ACHIEVED', label: 'Achieved' },
  { value: 'GOAL_STATUS_DROPPED', label: 'Dropped' },
]

export const statusLabel = (s?: GoalStatus) => goalStatuses.find((g) => g.value === s)?.label ?? 'Not reviewed yet'

/** Milestones typed one per line; blank lines and surrounding spaces are dropped. */
export function milestonesFrom(text: string): Milestone[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0).map((title) => ({ title }))
}

/** The goal's milestones with the one at <paramref name="index"/> ticked or unticked; the others untouched. */
export function withMilestoneDone(milestones: Milestone[], index: number, done: boolean): Milestone[] {
  return milestones.map((m, i) => (i === index ? { ...m, done } : m))
}

/** Share of milestones done, in whole percent (what the mentor's review defaults to); undefined without milestones. */
export function milestoneProgress(milestones: Milestone[] | undefined): number | undefined {
  if (!milestones || milestones.length === 0) return undefined
  return Math.round((100 * milestones.filter((m) => m.done).length) / milestones.length)
}
