import { NavLink, Outlet } from 'react-router-dom'
import type { User } from 'oidc-client-ts'
import { userManager } from './auth'
import { builtPages, pendingPages } from './navigation'

export function Layout({ user }: { user: User }) {
  return (
    <div className="layout">
      <header className="topbar">
        <span className="brand">Mentoring admin</span>
        <span className="who">{(user.profile.email as string | undefined) ?? user.profile.sub}</span>
        <button type="button" onClick={() => userManager.signoutRedirect()}>
          Sign out
        </button>
      </header>
      <nav aria-label="Main">
        <ul>
          {builtPages.map((p) => (
            <li key={p.path}>
              <NavLink to={p.path}>{p.title}</NavLink>
            </li>
          ))}
          {pendingPages.map((p) => (
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
