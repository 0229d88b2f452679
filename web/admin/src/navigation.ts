/** Pages of the admin SPA that are named in the navigation but not built yet. */
export const pendingPages = [
  { path: '/people', title: 'People' },
  { path: '/matching', title: 'Matching runs' },
  { path: '/sessions', title: 'Sessions' },
  { path: '/feedback', title: 'Feedback' },
  { path: '/reports', title: 'Reports' },
  { path: '/webhooks', title: 'Webhooks' },
]
