import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data } from '../../api/call'

export const agreementKey = (relationshipId: string) => ['feedback', 'agreement', relationshipId] as const

/** The relationship's agreement (an empty draft until someone writes it); participants only. */
export function useAgreement(relationshipId: string) {
  return useQuery({
    queryKey: agreementKey(relationshipId),
    queryFn: () => data(api.GET('/feedback/v1/relationships/{relationshipId}/agreement', { params: { path: { relationshipId } } })),
  })
}
