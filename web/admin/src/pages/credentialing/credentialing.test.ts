import { describe, expect, it } from 'vitest'
import { spent, stepLabel } from './credentialing'

describe('credentialing labels', () => {
  it('words a step duration in hours under two days and in days after', () => {
    expect(spent('59.9s')).toBe('under an hour')
    expect(spent(undefined)).toBe('under an hour')
    expect(spent('5400s')).toBe('2 hours')
    expect(spent('172799s')).toBe('48 hours')
    expect(spent('172800s')).toBe('2 days')
    expect(spent('1296000.5s')).toBe('15 days')
  })

  it('names a step, and shows a step the contract adds later as it comes', () => {
    expect(stepLabel('CREDENTIALING_STEP_CO_MENTORING')).toBe('Co-mentoring')
    expect(stepLabel('CREDENTIALING_STEP_NEW' as never)).toBe('CREDENTIALING_STEP_NEW')
  })
})
