import { useEffect, useState } from 'react'
import { Navigate, Route, Routes } from 'react-router-dom'
import type { User } from 'oidc-client-ts'
import { userManager } from './auth'
import { Layout } from './Layout'
import { SignInPage } from './pages/SignInPage'
import { CallbackPage } from './pages/CallbackPage'
import { ProgrammesPage } from './pages/programmes/ProgrammesPage'
import { NotYetAvailablePage } from './pages/NotYetAvailablePage'
import { ProgrammePage } from './pages/programmes/ProgrammePage'
import { MatchingRunPage } from './pages/matching/MatchingRunPage'
import { PeoplePage } from './pages/people/PeoplePage'
import { RelationshipsPage } from './pages/relationships/RelationshipsPage'
import { pendingPages } from './navigation'

export function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined)

  useEffect(() => {
    userManager.getUser().then(setUser)
    const loaded = (u: User) => setUser(u)
    const unloaded = () => setUser(null)
    userManager.events.addUserLoaded(loaded)
    userManager.events.addUserUnloaded(unloaded)
    userManager.events.addSilentRenewError(unloaded)
    return () => {
      userManager.events.removeUserLoaded(loaded)
      userManager.events.removeUserUnloaded(unloaded)
      userManager.events.removeSilentRenewError(unloaded)
    }
  }, [])

  if (user === undefined) return null
  return (
    <Routes>
      <Route path="/callback" element={<CallbackPage />} />
      {user && !user.expired ? (
        <Route element={<Layout user={user} />}>
          <Route path="/programmes" element={<ProgrammesPage />} />
          <Route path="/programmes/:programmeId" element={<ProgrammePage />} />
          <Route path="/programmes/:programmeId/runs/:runId" element={<MatchingRunPage />} />
          <Route path="/people" element={<PeoplePage />} />
          <Route path="/relationships" element={<RelationshipsPage />} />
          {pendingPages.map((p) => (
            <Route key={p.path} path={p.path} element={<NotYetAvailablePage title={p.title} />} />
          ))}
          <Route path="*" element={<Navigate to="/programmes" replace />} />
        </Route>
      ) : (
        <Route path="*" element={<SignInPage />} />
      )}
    </Routes>
  )
}
