import { UserManager, WebStorageStateStore } from 'oidc-client-ts'

// The gateway is the issuer and the one front door: the token server's endpoints are under the
// same origin as the SPA.
const origin = window.location.origin

export const userManager = new UserManager({
  authority: `${origin}/`,
  client_id: 'admin-spa',
  redirect_uri: `${origin}/admin/callback`,
  post_logout_redirect_uri: `${origin}/admin/`,
  response_type: 'code',
  scope: 'openid offline_access profile.read profile.write matching.read matching.write scheduling.read scheduling.write feedback.read feedback.write events.write',
  automaticSilentRenew: true, // with offline_access: renewed by the refresh token
  userStore: new WebStorageStateStore({ store: window.sessionStorage }),
})

export async function accessToken(): Promise<string | undefined> {
  const user = await userManager.getUser()
  return user && !user.expired ? user.access_token : undefined
}
