import { describe, expect, it } from 'vitest'
import { fieldViolations, otherViolations, violationOf } from './violations'

const badRequest = (...violations: [string, string][]) => ({
  code: 3,
  message: 'invalid request',
  details: [
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'X' },
    { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: violations.map(([field, description]) => ({ field, description })) },
  ],
})

describe('fieldViolations', () => {
  it('keys violations by the JSON name of the field under the prefix', () => {
    expect(fieldViolations(badRequest(['person.display_name', 'is required'], ['person.skills[0].level', 'must be 1 to 5']), 'person'))
      .toEqual({ displayName: 'is required', 'skills[0].level': 'must be 1 to 5' })
  })

  it('joins two violations of one field and ignores other details and bodies', () => {
    expect(fieldViolations(badRequest(['email', 'is required'], ['email', 'is not an address']), 'person')).toEqual({ email: 'is required; is not an address' })
    expect(fieldViolations({ message: 'boom' }, 'person')).toEqual({})
    expect(fieldViolations(undefined, 'person')).toEqual({})
  })
})

describe('violationOf and otherViolations', () => {
  const fields = { skills: 'at most 50', 'skills[1].level': 'must be 1 to 5', skillset: 'unknown', 'rules.durationWeeks': 'too long' }

  it('gives a field its own violations and those inside it, not those of a field that merely starts alike', () => {
    expect(violationOf(fields, 'skills')).toBe('at most 50; skills[1].level: must be 1 to 5')
    expect(violationOf(fields, 'rules')).toBe('rules.durationWeeks: too long')
    expect(violationOf(fields, 'email')).toBeUndefined()
  })

  it('lists what no shown field takes, so nothing is lost from view', () => {
    expect(otherViolations(fields, ['skills', 'rules.durationWeeks'])).toEqual(['skillset: unknown'])
  })
})
