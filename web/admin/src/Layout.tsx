import { NavLink, Outlet } from 'react-router-dom'
import type { User } from 'oidc-client-ts'
import { userManager } from './auth'
import type { Navigation } from './navigation'

export function Layout({ user, navigation }: { user: User; navigation: Navigation }) {
  return (
    <div className="layout">
      <header className="topbar">
        <span className="brand">Mentoring</span>
        <span className="who">{(user.profile.email as string | undefined) ?? user.profile.sub}</span>
        <button type="button" onClick={() => userManager.signoutRedirect()}>
          Sign out
        </button>
      </header>
      <nav aria-label="Main">
        <ul>
          {navigation.built.map((p) => (
            <li key={p.path}>
              <NavLink to={p.path}>{p.title}</NavLink>
            </li>
          ))}
          {navigation.pending.map((p) => (
            <li key={p.path}>
              <NavLink to={p.path}>
                {p.title} <span className="pending">(not yet available)</span>
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main>
        <Outlet />
      </main>
    </div>
  )
}
