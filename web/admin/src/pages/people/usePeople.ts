import { useInfiniteQuery } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data } from '../../api/call'
import { peopleKey, type PersonRole } from './people'

export type PeopleFilters = { role?: PersonRole; areaOfWork?: string; skill?: string }

/** The organisation's people, 100 a page, filtered by the server (role, area, skill). */
export function usePeople(filters: PeopleFilters) {
  return useInfiniteQuery({
    queryKey: [...peopleKey, filters],
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      data(api.GET('/profile/v1/people', {
        params: {
          query: {
            pageSize: 100,
            pageToken: pageParam || undefined,
            role: filters.role,
            areaOfWork: filters.areaOfWork || undefined,
            skill: filters.skill || undefined,
          },
        },
      })),
    getNextPageParam: (last) => last.nextPageToken || undefined,
    select: (result) => result.pages.flatMap((page) => page.people ?? []),
  })
}
