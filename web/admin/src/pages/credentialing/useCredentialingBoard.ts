import { useInfiniteQuery } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data } from '../../api/call'
import type { components } from '../../api/schema'

type State = components['schemas']['mentoring.profile.v1.CredentialingState']
type Step = components['schemas']['mentoring.profile.v1.CredentialingStep']

/** Everything the board and the funnel show; invalidated whenever a pipeline moves on. */
export const credentialingBoardKey = ['profile', 'credentialings']
export const credentialingFunnelKey = ['profile', 'credentialing-funnel']

/** The credentialing board: each person's latest pipeline, longest waiting first, 50 a page, filtered by the server. */
export function useCredentialingBoard(filters: { state?: State; step?: Step }) {
  return useInfiniteQuery({
    queryKey: [...credentialingBoardKey, filters],
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      data(api.GET('/profile/v1/credentialings', {
        params: { query: { pageSize: 50, pageToken: pageParam || undefined, state: filters.state, currentStep: filters.step } },
      })),
    getNextPageParam: (last) => last.nextPageToken || undefined,
    select: (result) => result.pages.flatMap((page) => page.entries ?? []),
  })
}
