import type { User } from 'oidc-client-ts'

/** What the signed-in user may do, from the identity token's claims (role, person). */
export type Who = { administrator: boolean; person?: string; email?: string }

export function who(user: User): Who {
  const roles = ([] as unknown[]).concat(user.profile.role ?? [])
  const person = user.profile.person
  return {
    administrator: roles.includes('administrator'),
    person: typeof person === 'string' && person ? person : undefined,
    email: user.profile.email,
  }
}
