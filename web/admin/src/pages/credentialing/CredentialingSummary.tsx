import type { components } from '../../api/schema'
import { credentialingStates, credentialingSteps, stepLabel } from './credentialing'

type Credentialing = components['schemas']['mentoring.profile.v1.Credentialing']

/** Where a credentialing pipeline stands, and each step with its evidence (what the person and administrators see alike). */
export function CredentialingSummary({ pipeline: p }: { pipeline: Credentialing }) {
  return (
    <>
      <dl className="facts">
        <dt>State</dt><dd>{credentialingStates[p.state ?? ''] ?? p.state}</dd>
        {p.state === 'CREDENTIALING_STATE_IN_PROGRESS' && <><dt>Next step</dt><dd>{stepLabel(p.currentStep)}</dd></>}
        {p.credentialTime && <><dt>Credential granted</dt><dd>{new Date(p.credentialTime).toLocaleDateString()}</dd></>}
        {p.expireTime && <><dt>Expires</dt><dd>{new Date(p.expireTime).toLocaleDateString()}</dd></>}
        <dt>Training modules</dt><dd>{(p.completedModules ?? []).length} of {(p.requiredModules ?? []).length} done</dd>
      </dl>
      <ol aria-label="The steps">
        {credentialingSteps.map((s) => {
          const evidence = (p.evidence ?? []).filter((e) => e.step === s.value)
          return (
            <li key={s.value}>
              <strong>{s.label}</strong>{' '}
              {evidence.length === 0 ? <span className="muted">nothing recorded yet</span> : evidence.map((e, i) => (
                <span key={i}>{e.module ? `${e.module}: ` : ''}{e.outcome === 'STEP_OUTCOME_PASSED' ? 'passed' : 'not passed'}{e.notes ? ` (${e.notes})` : ''}; </span>
              ))}
            </li>
          )
        })}
      </ol>
    </>
  )
}
