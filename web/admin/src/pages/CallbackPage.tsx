import { useEffect, useRef, useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { userManager } from '../auth'

/** Where the token server sends the browser back with the authorization code. */
export function CallbackPage() {
  const navigate = useNavigate()
  const [error, setError] = useState<string>()
  const done = useRef(false) // StrictMode runs effects twice; a code is redeemed once

  useEffect(() => {
    if (done.current) return
    done.current = true
    userManager
      .signinRedirectCallback()
      .then((user) => {
        sessionStorage.removeItem('session-ended')
        // back where the user was when they had to sign in, else their role's home
        const to = typeof user.state === 'string' && user.state.startsWith('/') && !user.state.startsWith('//') ? user.state : '/'
        navigate(to, { replace: true })
      })
      .catch((e: Error) => setError(e.message))
  }, [navigate])

  return (
    <main className="sign-in">
      <h1>Signing in…</h1>
      {error && <p role="alert">Sign-in failed: {error}</p>}
    </main>
  )
}
