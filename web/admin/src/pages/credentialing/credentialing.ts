import type { components } from '../../api/schema'

type Step = components['schemas']['mentoring.profile.v1.CredentialingStep']

/** The credentialing pipeline's steps in order (docs/domain.md, mentor credentialing). */
export const credentialingSteps: { value: Step; label: string }[] = [
  { value: 'CREDENTIALING_STEP_APPLICATION', label: 'Application' },
  { value: 'CREDENTIALING_STEP_SELECTION', label: 'Selection' },
  { value: 'CREDENTIALING_STEP_CONTENT_TRAINING', label: 'Content training' },
  { value: 'CREDENTIALING_STEP_STRUCTURED_OBSERVATION', label: 'Structured observation' },
  { value: 'CREDENTIALING_STEP_CO_MENTORING', label: 'Co-mentoring' },
  { value: 'CREDENTIALING_STEP_INDEPENDENT_SESSION', label: 'Independent session' },
  { value: 'CREDENTIALING_STEP_INITIAL_CREDENTIAL', label: 'Initial credential' },
]

export const stepLabel = (s?: Step) => credentialingSteps.find((x) => x.value === s)?.label ?? s ?? ''

export const credentialingStates: Record<string, string> = {
  CREDENTIALING_STATE_IN_PROGRESS: 'In progress',
  CREDENTIALING_STATE_REJECTED: 'Not selected',
  CREDENTIALING_STATE_CREDENTIALED: 'Credentialed',
  CREDENTIALING_STATE_EXPIRED: 'Credential expired',
}

/** A protobuf JSON duration ("5400.5s") in words fit for weeks-long steps. */
export const spent = (d?: string) => {
  const hours = parseFloat(d ?? '0') / 3600
  if (hours < 1) return 'under an hour'
  return hours < 48 ? `${Math.round(hours)} hours` : `${Math.round(hours / 24)} days`
}
