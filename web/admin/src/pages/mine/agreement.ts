import type { components } from '../../api/schema'

export type Agreement = components['schemas']['mentoring.feedback.v1.Agreement']
type Format = components['schemas']['mentoring.profile.v1.MeetingFormat']

/** The agreement form: the signed-in person's own goals, the shared parts, the logistics. */
export type AgreementDraft = {
  myGoals: string; alignment: string; scope: string; trust: string; checkIn: string; exit: string
  firstStart: string; timeZone: string; recurrence: string; durationMinutes: string; format: Format | ''; joinUrl: string; location: string
}

export function draftOf(a: Agreement | undefined, me: string): AgreementDraft {
  const l = a?.logistics ?? {}
  return {
    myGoals: a?.goals?.parties?.find((p) => p.party === me)?.goals ?? '',
    alignment: a?.goals?.alignment ?? '', scope: a?.scope ?? '', trust: a?.trust ?? '',
    checkIn: a?.fit?.checkIn ?? '', exit: a?.fit?.exit ?? '',
    firstStart: l.firstStart ?? '', timeZone: l.timeZone ?? '', recurrence: l.recurrence ?? '',
    durationMinutes: l.durationMinutes ? String(l.durationMinutes) : '',
    format: l.format && l.format !== 'MEETING_FORMAT_UNSPECIFIED' ? l.format : '',
    joinUrl: l.joinUrl ?? '', location: l.location ?? '',
  }
}

/** The agreement to send: the draft over what was read, the other parties' goals kept as they are. */
export function agreementOf(read: Agreement, d: AgreementDraft, me: string): Agreement {
  const others = (read.goals?.parties ?? []).filter((p) => p.party !== me)
  return {
    name: read.name,
    etag: read.etag,
    goals: { parties: [...others, { party: me, goals: d.myGoals }], alignment: d.alignment },
    scope: d.scope,
    trust: d.trust,
    fit: { ...read.fit, checkIn: d.checkIn, exit: d.exit },
    logistics: {
      ...read.logistics,
      firstStart: d.firstStart,
      timeZone: d.timeZone,
      recurrence: d.recurrence,
      durationMinutes: d.durationMinutes === '' ? 0 : Number(d.durationMinutes),
      format: d.format || 'MEETING_FORMAT_UNSPECIFIED',
      joinUrl: d.joinUrl,
      location: d.location,
    },
  }
}
