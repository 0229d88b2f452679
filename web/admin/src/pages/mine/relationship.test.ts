import { describe, expect, it } from 'vitest'
import { nextStep, otherParticipants, type Relationship } from './relationship'

const pair = (state: Relationship['state'], acceptedBy: string[] = []): Relationship => ({
  name: 'relationships/r', mentors: ['people/ada'], mentees: ['people/grace'], state, acceptedBy,
})

describe('otherParticipants', () => {
  it('names the others by their part, as the signed-in person sees them', () => {
    expect(otherParticipants(pair('RELATIONSHIP_STATE_ACTIVE'), 'people/grace')).toEqual(['your mentor'])
    expect(otherParticipants(pair('RELATIONSHIP_STATE_ACTIVE'), 'people/ada')).toEqual(['your mentee'])
    const group: Relationship = { mentors: ['people/ada', 'people/emmy'], mentees: ['people/grace', 'people/alan'] }
    expect(otherParticipants(group, 'people/grace')).toEqual(['your mentor', 'your co-mentor', 'a fellow mentee'])
    expect(otherParticipants(group, 'people/emmy')).toEqual(['a co-mentor', 'your mentee', 'your mentee'])
  })
})

describe('nextStep', () => {
  it('offers acceptance once per participant, then each phase in turn, and nothing after the work starts', () => {
    expect(nextStep(pair('RELATIONSHIP_STATE_PROPOSED'), 'people/grace')?.state).toBe('RELATIONSHIP_STATE_ACCEPTED')
    expect(nextStep(pair('RELATIONSHIP_STATE_PROPOSED', ['people/grace']), 'people/grace')).toBeUndefined()
    expect(nextStep(pair('RELATIONSHIP_STATE_PROPOSED', ['people/grace']), 'people/ada')?.label).toBe('Accept this match')
    expect(nextStep(pair('RELATIONSHIP_STATE_ACCEPTED'), 'people/ada')?.state).toBe('RELATIONSHIP_STATE_RAPPORT')
    expect(nextStep(pair('RELATIONSHIP_STATE_RAPPORT'), 'people/ada')?.state).toBe('RELATIONSHIP_STATE_CONTRACTING')
    expect(nextStep(pair('RELATIONSHIP_STATE_CONTRACTING'), 'people/ada')?.state).toBe('RELATIONSHIP_STATE_ACTIVE')
    expect(nextStep(pair('RELATIONSHIP_STATE_ACTIVE'), 'people/ada')).toBeUndefined()
  })
})
