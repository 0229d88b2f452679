/** The built pages of the admin SPA, in navigation order. */
export const builtPages = [
  { path: '/programmes', title: 'Programmes' },
  { path: '/people', title: 'People' },
  { path: '/relationships', title: 'Relationships' },
]

/** Pages named in the navigation but not built yet: they say so rather than show a fake. */
export const pendingPages = [
  { path: '/competencies', title: 'Competency framework' },
  { path: '/credentialing', title: 'Credentialing' },
  { path: '/calendar', title: 'Calendar' },
  { path: '/dashboard', title: 'Programme dashboard' },
  { path: '/audit', title: 'Audit log' },
  { path: '/webhooks', title: 'Webhooks and dead letters' },
]
