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
      .then(() => navigate('/', { replace: true })) // each role's home
      .catch((e: Error) => setError(e.message))
  }, [navigate])

  return (
    <main className="sign-in">
      <h1>Signing in…</h1>
      {error && <p role="alert">Sign-in failed: {error}</p>}
    </main>
  )
}
