import createClient from 'openapi-fetch'
import type { paths } from './schema'
import { accessToken } from '../auth'

/** The platform's REST API through the gateway, typed from contracts/openapi/v1.json. */
export const api = createClient<paths>({ baseUrl: window.location.origin })

api.use({
  async onRequest({ request }) {
    const token = await accessToken()
    if (token) request.headers.set('authorization', `Bearer ${token}`)
    return request
  },
})
