import type { components } from '../api/schema'

export type MentoringModel = components['schemas']['mentoring.matching.v1.MentoringModel']

/** The models an administrator can choose (every value but UNSPECIFIED), as the contract names them. */
export const models: { value: MentoringModel; label: string }[] = [
  { value: 'MENTORING_MODEL_ONE_TO_ONE', label: 'One to one' },
  { value: 'MENTORING_MODEL_RESOURCE_BASED', label: 'Resource based' },
  { value: 'MENTORING_MODEL_GROUP', label: 'Group' },
  { value: 'MENTORING_MODEL_APPRENTICE', label: 'Apprentice' },
  { value: 'MENTORING_MODEL_COMPETENCY', label: 'Competency' },
  { value: 'MENTORING_MODEL_TRAINING_BASED', label: 'Training based' },
]

export function modelLabel(model: MentoringModel | undefined): string {
  return models.find((m) => m.value === model)?.label ?? model ?? ''
}
