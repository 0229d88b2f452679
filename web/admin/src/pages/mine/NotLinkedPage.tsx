/** A person's account that no person of the organisation has the address of (yet). */
export function NotLinkedPage({ email }: { email?: string }) {
  return (
    <>
      <h1>My mentoring</h1>
      <p>
        Your account ({email}) is not linked to a person of your organisation yet. It is linked as soon as a
        programme administrator registers you with this e-mail address; then sign out and in again.
      </p>
    </>
  )
}
