import { useEffect, useState } from 'react'
import { Navigate, Route, Routes } from 'react-router-dom'
import type { User } from 'oidc-client-ts'
import { userManager } from './auth'
import { who } from './session'
import { Layout } from './Layout'
import { SignInPage } from './pages/SignInPage'
import { CallbackPage } from './pages/CallbackPage'
import { NotYetAvailablePage } from './pages/NotYetAvailablePage'
import { ProgrammesPage } from './pages/programmes/ProgrammesPage'
import { ProgrammePage } from './pages/programmes/ProgrammePage'
import { MatchingRunPage } from './pages/matching/MatchingRunPage'
import { PeoplePage } from './pages/people/PeoplePage'
import { PersonPage } from './pages/people/PersonPage'
import { RelationshipsPage } from './pages/relationships/RelationshipsPage'
import { MyRelationshipsPage } from './pages/mine/MyRelationshipsPage'
import { MyRelationshipPage } from './pages/mine/MyRelationshipPage'
import { NotLinkedPage } from './pages/mine/NotLinkedPage'
import { DashboardPage } from './pages/dashboard/DashboardPage'
import { CalendarPage } from './pages/calendar/CalendarPage'
import { CompetenciesPage } from './pages/competencies/CompetenciesPage'
import { AuditLogPage } from './pages/audit/AuditLogPage'
import { DeadLettersPage } from './pages/events/DeadLettersPage'
import { WebhooksPage } from './pages/webhooks/WebhooksPage'
import { CredentialingBoardPage } from './pages/credentialing/CredentialingBoardPage'
import { MyProfilePage } from './pages/mine/MyProfilePage'
import { MyCompetenciesPage } from './pages/mine/MyCompetenciesPage'
import { MyCredentialingPage } from './pages/mine/MyCredentialingPage'
import { MyCalendarFeedPage } from './pages/mine/MyCalendarFeedPage'
import { SuggestionsPage } from './pages/mine/requests/SuggestionsPage'
import { navigationFor } from './navigation'

export function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined)

  useEffect(() => {
    userManager.getUser().then((u) => {
      if (u?.expired) sessionStorage.setItem('session-ended', '1') // came back to a session that ended meanwhile
      setUser(u)
    })
    const loaded = (u: User) => setUser(u)
    const unloaded = () => setUser(null)
    // Renewal failed (the refresh token expired or was revoked): say so on the sign-in page.
    const ended = () => { sessionStorage.setItem('session-ended', '1'); setUser(null) }
    userManager.events.addUserLoaded(loaded)
    userManager.events.addUserUnloaded(unloaded)
    userManager.events.addSilentRenewError(ended)
    userManager.events.addAccessTokenExpired(ended)
    return () => {
      userManager.events.removeUserLoaded(loaded)
      userManager.events.removeUserUnloaded(unloaded)
      userManager.events.removeSilentRenewError(ended)
      userManager.events.removeAccessTokenExpired(ended)
    }
  }, [])

  if (user === undefined) return null
  if (!user || user.expired) {
    return (
      <Routes>
        <Route path="/callback" element={<CallbackPage />} />
        <Route path="*" element={<SignInPage />} />
      </Routes>
    )
  }
  const me = who(user)
  const navigation = navigationFor(me)
  return (
    <Routes>
      <Route path="/callback" element={<CallbackPage />} />
      <Route element={<Layout user={user} navigation={navigation} />}>
        {me.administrator && (
          <>
            <Route path="/programmes" element={<ProgrammesPage />} />
            <Route path="/programmes/:programmeId" element={<ProgrammePage />} />
            <Route path="/programmes/:programmeId/runs/:runId" element={<MatchingRunPage />} />
            <Route path="/people" element={<PeoplePage />} />
            <Route path="/people/:personId" element={<PersonPage />} />
            <Route path="/relationships" element={<RelationshipsPage />} />
            <Route path="/dashboard" element={<DashboardPage />} />
            <Route path="/calendar" element={<CalendarPage />} />
            <Route path="/competencies" element={<CompetenciesPage />} />
            <Route path="/audit" element={<AuditLogPage />} />
            <Route path="/events" element={<DeadLettersPage />} />
            <Route path="/webhooks" element={<WebhooksPage />} />
            <Route path="/credentialing" element={<CredentialingBoardPage />} />
          </>
        )}
        {me.person ? (
          <>
            <Route path="/mine/relationships" element={<MyRelationshipsPage me={me.person} />} />
            <Route path="/mine/relationships/:relationshipId" element={<MyRelationshipPage me={me.person} />} />
            <Route path="/mine/profile" element={<MyProfilePage me={me.person} />} />
            <Route path="/mine/competencies" element={<MyCompetenciesPage me={me.person} />} />
            <Route path="/mine/credentialing" element={<MyCredentialingPage me={me.person} />} />
            <Route path="/mine/calendar" element={<MyCalendarFeedPage me={me.person} />} />
            <Route path="/mine/suggestions" element={<SuggestionsPage me={me.person} />} />
          </>
        ) : !me.administrator && <Route path="/mine/*" element={<NotLinkedPage email={me.email} />} />}
        {navigation.pending.map((p) => (
          <Route key={p.path} path={p.path} element={<NotYetAvailablePage title={p.title} />} />
        ))}
        <Route path="*" element={<Navigate to={navigation.home} replace />} />
      </Route>
    </Routes>
  )
}
