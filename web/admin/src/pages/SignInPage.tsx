import { useLocation } from 'react-router-dom'
import { userManager } from '../auth'

/**
 * Shown when nobody is signed in, or when a session ended and could not be renewed: signing in
 * brings the user back to the page they were on (drafts kept in the tab are still there).
 */
export function SignInPage() {
  const location = useLocation()
  const returnTo = location.pathname + location.search
  const expired = sessionStorage.getItem('session-ended') === '1'
  return (
    <main className="sign-in">
      <h1>Mentoring</h1>
      {expired
        ? <p role="alert">Your session has ended. Sign in again to carry on where you were; nothing you typed in this tab is lost.</p>
        : <p>Sign in with your organisation's account: programme administrators manage the programmes, participants see their own mentoring.</p>}
      <button type="button" onClick={() => userManager.signinRedirect({ state: returnTo === '/' ? undefined : returnTo })}>
        Sign in
      </button>
    </main>
  )
}
