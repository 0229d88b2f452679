import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data, Refusal } from '../../api/call'

export const credentialingKey = (personId: string) => ['profile', 'credentialing', personId]

/** A person's latest credentialing pipeline, or null when they never applied (the API's 404). */
export function useCredentialing(personId: string) {
  return useQuery({
    queryKey: credentialingKey(personId),
    queryFn: async () => {
      try {
        return await data(api.GET('/profile/v1/people/{personId}/credentialing', { params: { path: { personId } } }))
      } catch (e) {
        if (e instanceof Refusal && e.status === 404) return null
        throw e
      }
    },
  })
}
