import { describe, expect, it } from 'vitest'
import { funnelByStep, matchRate, periodEndingNow, phaseCounts } from './dashboard'

const rel = (state: string, mentees: string[]) => ({ state, mentees, mentors: ['people/m'] }) as never

describe('dashboard figures', () => {
  it('counts relationships in every phase, zeros included, in lifecycle order', () => {
    const counts = phaseCounts([rel('RELATIONSHIP_STATE_ACTIVE', []), rel('RELATIONSHIP_STATE_ACTIVE', []), rel('RELATIONSHIP_STATE_PROPOSED', [])])
    expect(counts.map((c) => c.phase)).toEqual(['Proposed', 'Accepted', 'Rapport', 'Contracting', 'Active', 'Closing', 'Closed'])
    expect(counts.map((c) => c.relationships)).toEqual([1, 0, 0, 0, 2, 0, 0])
  })

  it('counts a mentee matched once, only while enrolled and not closed, and has no rate without mentees', () => {
    const enrolled = ['a', 'b', 'c', 'd'].map((p) => ({ person: `people/${p}`, role: 'ENROLMENT_ROLE_MENTEE' })) as never[]
    const mentor = { person: 'people/m', role: 'ENROLMENT_ROLE_MENTOR' } as never
    const relationships = [
      rel('RELATIONSHIP_STATE_ACTIVE', ['people/a', 'people/b']), // a group
      rel('RELATIONSHIP_STATE_PROPOSED', ['people/a']), // a matched twice counts once
      rel('RELATIONSHIP_STATE_CLOSED', ['people/c']), // ended
      rel('RELATIONSHIP_STATE_ACTIVE', ['people/x']), // not enrolled here
    ]
    expect(matchRate([...enrolled, mentor], relationships)).toEqual({ matched: 2, mentees: 4, percent: 50 })
    expect(matchRate([mentor], relationships).percent).toBeUndefined()
  })

  it('sums the funnel per step over its states, in step order', () => {
    const funnel = funnelByStep([
      { currentStep: 'CREDENTIALING_STEP_INITIAL_CREDENTIAL', state: 'CREDENTIALING_STATE_CREDENTIALED', pipelines: 2 },
      { currentStep: 'CREDENTIALING_STEP_APPLICATION', state: 'CREDENTIALING_STATE_IN_PROGRESS', pipelines: 5 },
      { currentStep: 'CREDENTIALING_STEP_APPLICATION', state: 'CREDENTIALING_STATE_WITHDRAWN', pipelines: 1 },
    ] as never[])
    expect(funnel).toEqual([{ step: 'Application', pipelines: 6 }, { step: 'Initial credential', pipelines: 2 }])
  })
})

describe('report periods', () => {
  it('ends with today, in whole UTC days', () => {
    expect(periodEndingNow(30, new Date('2026-12-07T19:56:00Z'))).toEqual({ startTime: '2026-11-08T00:00:00.000Z', endTime: '2026-12-08T00:00:00.000Z' })
    expect(periodEndingNow(365, new Date('2026-12-31T23:59:59Z')).startTime).toBe('2026-01-01T00:00:00.000Z')
  })
})
