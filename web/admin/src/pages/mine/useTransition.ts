import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data, type Refusal } from '../../api/call'
import { idOf } from '../../api/names'
import { myRelationshipsKey, relationshipKey, type CloseReason, type Relationship, type RelationshipState } from './relationship'

/**
 * Moves a relationship to its next phase, then refreshes what shows it. A phase change sends the
 * etag last read, so nobody moves a relationship on from a state they have not seen; acceptance
 * does not, since the others accepting meanwhile is expected and changes nothing of what one accepts.
 * A refusal refreshes too, so that the page shows why.
 */
export function useTransition(onRefused: (message: string) => void) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ relationship, state, closeReason }: { relationship: Relationship; state: RelationshipState; closeReason?: CloseReason }) =>
      data(api.POST('/matching/v1/relationships/{relationshipId}:transition', {
        params: { path: { relationshipId: idOf(relationship.name) } },
        body: { state, closeReason, etag: state === 'RELATIONSHIP_STATE_ACCEPTED' ? undefined : relationship.etag },
      })),
    onSuccess: async (after) => {
      queryClient.setQueryData(relationshipKey(idOf(after.name)), after)
      await queryClient.invalidateQueries({ queryKey: myRelationshipsKey })
    },
    onError: async (e: Refusal, { relationship }) => {
      onRefused(e.message)
      await queryClient.invalidateQueries({ queryKey: relationshipKey(idOf(relationship.name)) })
      await queryClient.invalidateQueries({ queryKey: myRelationshipsKey })
    },
  })
}
