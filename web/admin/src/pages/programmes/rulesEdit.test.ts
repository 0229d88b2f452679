import { describe, expect, it } from 'vitest'
import { changesOf, draftOf, rebase } from './rulesEdit'
import type { Programme } from './programme'

const programme: Programme = {
  name: 'programmes/p1',
  displayName: 'Leaders',
  model: 'MENTORING_MODEL_GROUP',
  formal: false,
  etag: '3',
  rules: { groupSizeMin: 1, groupSizeMax: 1, durationWeeks: 26, sessionMinutes: 60, maxTimeZoneGapHours: -1, credentialRequired: true },
  weights: { competencyGap: 40, areaOfWork: 10, seniority: 20, availability: 10, interests: 10, language: 5, locationFormat: 5 },
}

describe('editing a programme', () => {
  it('changes nothing when nothing was edited', () => {
    expect(changesOf(programme, draftOf(programme))).toEqual({ kind: 'none' })
  })

  it('names only the rules edited, with the etag read, so that other rules are left as they are', () => {
    const d = draftOf(programme)
    d.numbers.sessionMinutes = ' 45 '
    d.switches.credentialRequired = false
    d.numbers.maxTimeZoneGapHours = '-1'
    expect(changesOf(programme, d)).toEqual({
      kind: 'change',
      updateMask: 'rules.sessionMinutes,rules.credentialRequired',
      programme: { displayName: 'Leaders', model: 'MENTORING_MODEL_GROUP', formal: false, rules: { sessionMinutes: 45, credentialRequired: false }, weights: undefined, etag: '3' },
    })
  })

  it('sends the weights whole when one of them changes, and the name and formality', () => {
    const d = draftOf(programme)
    d.weights.language = '15'
    d.displayName = 'Leaders 2027'
    d.formal = true
    const change = changesOf(programme, d)
    expect(change.kind).toBe('change')
    if (change.kind !== 'change') return
    expect(change.updateMask).toBe('weights,displayName,formal')
    expect(change.programme.weights).toEqual({ ...programme.weights, language: 15 })
  })

  it('refuses text that is not a whole number by its field, sending nothing', () => {
    const d = draftOf(programme)
    d.numbers.durationWeeks = '4.5'
    d.weights.seniority = 'lots'
    d.numbers.sessionMinutes = '50'
    expect(changesOf(programme, d)).toEqual({ kind: 'invalid', fields: { 'rules.durationWeeks': 'must be a whole number', 'weights.seniority': 'must be a whole number' } })
  })

  it('reads rules the server left out (zero, false) as such', () => {
    const bare: Programme = { name: 'programmes/p2', displayName: 'Bare', model: 'MENTORING_MODEL_PEER' }
    const d = draftOf(bare)
    expect(d.numbers.requestExpiryDays).toBe('0')
    expect(d.switches.allowRepeatPairs).toBe(false)
    d.numbers.requestExpiryDays = '14'
    expect(changesOf(bare, d)).toMatchObject({ kind: 'change', updateMask: 'rules.requestExpiryDays', programme: { rules: { requestExpiryDays: 14 } } })
  })
})

describe('editing a programme someone else changed meanwhile', () => {
  it('keeps what was edited and takes the rest from the new version', () => {
    const d = draftOf(programme)
    d.numbers.sessionMinutes = '45'
    const fresh: Programme = { ...programme, etag: '4', displayName: 'Leaders (renamed)', rules: { ...programme.rules, durationWeeks: 12, sessionMinutes: 90 } }
    const rebased = rebase(programme, d, fresh)
    expect(rebased.displayName).toBe('Leaders (renamed)')
    expect(rebased.numbers.durationWeeks).toBe('12')
    expect(rebased.numbers.sessionMinutes).toBe('45')
    // Saved over the new version, only the edited rule is sent, with the new etag.
    expect(changesOf(fresh, rebased)).toMatchObject({ kind: 'change', updateMask: 'rules.sessionMinutes', programme: { etag: '4' } })
  })
})
