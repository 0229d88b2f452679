import { describe, expect, it } from 'vitest'
import { agreementOf, draftOf, type Agreement } from './agreement'

const read: Agreement = {
  name: 'relationships/r/agreement',
  etag: '"3"',
  goals: { parties: [{ party: 'people/ada', goals: 'share what I know' }, { party: 'people/grace', goals: 'old' }], alignment: 'a' },
  fit: { checkIn: 'monthly', checkIntervalDays: 30, exit: 'either may end it' },
  logistics: { firstStart: '2027-01-04T10:00', timeZone: 'Europe/London', recurrence: 'FREQ=WEEKLY;COUNT=6', durationMinutes: 45, format: 'MEETING_FORMAT_VIDEO', joinUrl: 'https://meet.example/x', noticeHours: 48 },
}

describe('agreement draft', () => {
  it('shows the signed-in person their own goals only', () => {
    expect(draftOf(read, 'people/grace').myGoals).toBe('old')
    expect(draftOf(read, 'people/emmy').myGoals).toBe('')
    expect(draftOf(undefined, 'people/grace').durationMinutes).toBe('')
  })

  it('sends my goals without touching the others’, keeps what the form does not show, and the etag read', () => {
    const draft = { ...draftOf(read, 'people/grace'), myGoals: 'learn to lead', durationMinutes: '60' }
    const sent = agreementOf(read, draft, 'people/grace')
    expect(sent.goals?.parties).toEqual([{ party: 'people/ada', goals: 'share what I know' }, { party: 'people/grace', goals: 'learn to lead' }])
    expect(sent.etag).toBe('"3"')
    expect(sent.fit?.checkIntervalDays).toBe(30)
    expect(sent.logistics?.noticeHours).toBe(48)
    expect(sent.logistics?.durationMinutes).toBe(60)
  })
})
