import { accessToken } from '../auth'
import { Refusal } from './call'

/**
 * The few REST endpoints outside the OpenAPI document (they are not gRPC transcodings: the CSV
 * import and export of people, services/profile/People/PeopleCsv), called with the same token.
 */
export async function rawFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const token = await accessToken()
  const headers = new Headers(init.headers)
  if (token) headers.set('authorization', `Bearer ${token}`)
  const response = await fetch(path, { ...init, headers })
  if (!response.ok) {
    const body = await response.json().catch(() => undefined) as { title?: string; detail?: string; message?: string } | undefined
    throw new Refusal(body?.detail || body?.title || body?.message || `The request failed (${response.status}).`, {}, response.status)
  }
  return response
}
