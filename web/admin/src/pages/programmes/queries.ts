import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data } from '../../api/call'
import { enrolmentsKey } from './programme'

export const programmesKey = ['matching', 'programmes'] as const

/** The organisation's programmes (the first 100), shared by every page that lists or picks one. */
export function useProgrammes() {
  return useQuery({
    queryKey: programmesKey,
    queryFn: () => data(api.GET('/matching/v1/programmes', { params: { query: { pageSize: 100 } } })).then((r) => r.programmes ?? []),
  })
}

/** A programme's enrolments (none asked for while `programmeId` is empty). */
export function useEnrolments(programmeId: string) {
  return useQuery({
    queryKey: enrolmentsKey(programmeId),
    enabled: !!programmeId,
    queryFn: () =>
      data(api.GET('/matching/v1/programmes/{programmeId}/enrolments', { params: { path: { programmeId } } })).then((r) => r.enrolments ?? []),
  })
}
