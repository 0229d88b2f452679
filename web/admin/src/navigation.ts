import type { Who } from './session'

type Page = { path: string; title: string }
export type Navigation = { home: string; built: Page[]; pending: Page[] }

/** Administrators' pages: built, then named but not built yet (they say so rather than show a fake). */
const administration: Navigation = {
  home: '/programmes',
  built: [
    { path: '/programmes', title: 'Programmes' },
    { path: '/people', title: 'People' },
    { path: '/relationships', title: 'Relationships' },
    { path: '/dashboard', title: 'Programme dashboard' },
    { path: '/calendar', title: 'Calendar' },
    { path: '/competencies', title: 'Competency framework' },
    { path: '/audit', title: 'Audit log' },
    { path: '/events', title: 'Event dead letters' },
    { path: '/credentialing', title: 'Credentialing board' },
    { path: '/webhooks', title: 'Webhooks' },
  ],
  pending: [],
}

/** "My mentoring": a person's own pages. */
const mine: Navigation = {
  home: '/mine/relationships',
  built: [
    { path: '/mine/relationships', title: 'My relationships' },
    { path: '/mine/profile', title: 'My profile and availability' },
    { path: '/mine/competencies', title: 'My competencies' },
    { path: '/mine/credentialing', title: 'My credentialing' },
    { path: '/mine/calendar', title: 'My calendar feed' },
    { path: '/mine/suggestions', title: 'Suggestions and mentor requests' },
  ],
  pending: [],
}

/** What the signed-in user sees: an administrator who is also a person gets both, administration first. */
export function navigationFor(me: Who): Navigation {
  if (me.administrator && me.person)
    return { home: administration.home, built: [...administration.built, ...mine.built], pending: [...administration.pending, ...mine.pending] }
  return me.administrator ? administration : mine
}
