import { userManager } from '../auth'

export function SignInPage() {
  return (
    <main className="sign-in">
      <h1>Mentoring admin</h1>
      <p>Sign in with your organisation's account to manage its programmes.</p>
      <button type="button" onClick={() => userManager.signinRedirect()}>
        Sign in
      </button>
    </main>
  )
}
