import type { components } from '../api/schema'

export type MentoringModel = components['schemas']['mentoring.matching.v1.MentoringModel']

/** Every model an administrator can choose (all but UNSPECIFIED), with what it means (docs/domain.md). */
export const models: { value: MentoringModel; label: string; explanation: string }[] = [
  { value: 'MENTORING_MODEL_ONE_TO_ONE', label: 'One to one', explanation: 'One mentor, one mentee, same area of work, the mentor more experienced.' },
  { value: 'MENTORING_MODEL_RESOURCE_BASED', label: 'Resource based', explanation: 'Mentors list themselves, mentees register, a programme manager assigns; shortages are shown.' },
  { value: 'MENTORING_MODEL_GROUP', label: 'Group', explanation: 'One mentor with 4 to 6 mentees.' },
  { value: 'MENTORING_MODEL_APPRENTICE', label: 'Apprentice', explanation: 'Apprenticeship support; the mentor is outside the apprentice’s hierarchy.' },
  { value: 'MENTORING_MODEL_COMPETENCY', label: 'Competency', explanation: 'A temporary pairing to close a competency gap; it ends when the gap closes.' },
  { value: 'MENTORING_MODEL_TRAINING_BASED', label: 'Training based', explanation: 'Tied to a training programme’s skills.' },
  { value: 'MENTORING_MODEL_EXECUTIVE', label: 'Executive', explanation: 'Senior leaders mentor their successors.' },
  { value: 'MENTORING_MODEL_REFLECTIVE', label: 'Reflective', explanation: 'Reflection on dilemmas and contradictions.' },
  { value: 'MENTORING_MODEL_PEER', label: 'Peer', explanation: 'Same level or role, reciprocal.' },
  { value: 'MENTORING_MODEL_E_MENTORING', label: 'E-mentoring', explanation: 'Distance mentoring: online meetings and messages.' },
  { value: 'MENTORING_MODEL_REVERSE', label: 'Reverse', explanation: 'A junior mentors a senior in a skill where the junior is stronger.' },
  { value: 'MENTORING_MODEL_SPEED', label: 'Speed', explanation: 'Short one-to-one rounds at an event.' },
  { value: 'MENTORING_MODEL_COLLEAGUE', label: 'Colleague', explanation: 'A colleague helps a new employee in the same field.' },
]

export function modelLabel(model: MentoringModel | undefined): string {
  return models.find((m) => m.value === model)?.label ?? model ?? ''
}
