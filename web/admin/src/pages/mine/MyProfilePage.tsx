import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data, Refusal } from '../../api/call'
import { idOf } from '../../api/names'
import { otherViolations, violationOf } from '../../api/violations'
import { label, meetingFormats, roles, seniorityLevels } from '../people/people'
import { WeeklyGrid } from './availability/WeeklyGrid'
import { ExceptionsEditor, type AvailabilityException } from './availability/ExceptionsEditor'
import { freeHours, gridOf, windowsOf, type WeekGrid } from './availability/weeklyGrid'

/** My profile (as the organisation registered it) and my availability: the weekly grid and dated exceptions. */
export function MyProfilePage({ me }: { me: string }) {
  const personId = idOf(me)
  const queryClient = useQueryClient()
  const availabilityKey = ['profile', 'availability', personId]
  const person = useQuery({
    queryKey: ['profile', 'people', personId],
    queryFn: () => data(api.GET('/profile/v1/people/{personId}', { params: { path: { personId } } })),
  })
  const availability = useQuery({
    queryKey: availabilityKey,
    queryFn: () => data(api.GET('/profile/v1/people/{personId}/availability', { params: { path: { personId } } })),
  })
  const [edit, setEdit] = useState<{ grid: WeekGrid; exceptions: AvailabilityException[] }>()
  const [refused, setRefused] = useState<Refusal>()
  const [saved, setSaved] = useState(false)
  const save = useMutation({
    mutationFn: () =>
      data(api.PATCH('/profile/v1/people/{personId}/availability', {
        params: { path: { personId } },
        body: { name: `${me}/availability`, etag: availability.data?.etag, weeklyWindows: windowsOf(edit!.grid), exceptions: edit!.exceptions },
      }), 'availability'),
    onMutate: () => { setRefused(undefined); setSaved(false) },
    onSuccess: (after) => { queryClient.setQueryData(availabilityKey, after); setEdit(undefined); setSaved(true) },
    onError: (e: Refusal) => setRefused(e),
  })

  const p = person.data
  const a = availability.data
  const current = edit ?? (a ? { grid: gridOf(a.weeklyWindows ?? []), exceptions: a.exceptions ?? [] } : undefined)
  const fields = refused?.fields ?? {}
  return (
    <>
      <h1>My profile and availability</h1>
      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">My profile</h2>
        {person.isPending && <p>Loading…</p>}
        {person.isError && <p role="alert">Could not load your profile: {person.error.message}</p>}
        {p && (
          <dl className="facts">
            <dt>Name</dt><dd>{p.displayName}</dd>
            <dt>E-mail</dt><dd>{p.email}</dd>
            <dt>Area of work</dt><dd>{p.areaOfWork}</dd>
            <dt>Seniority</dt><dd>{label(seniorityLevels, p.seniorityLevel)}</dd>
            <dt>Roles</dt><dd>{(p.roles ?? []).map((r) => label(roles, r)).join(', ')}</dd>
            <dt>Languages</dt><dd>{(p.languages ?? []).join(', ') || '—'}</dd>
            <dt>Meeting formats</dt><dd>{(p.meetingFormats ?? []).map((f) => label(meetingFormats, f)).join(', ') || '—'}</dd>
            <dt>Time zone</dt><dd>{p.timeZone || 'UTC'}</dd>
          </dl>
        )}
        <p className="hint">Your programme administrator keeps these details; changing them yourself is not yet available.</p>
      </section>
      <section aria-labelledby="availability-heading">
        <h2 id="availability-heading">My availability</h2>
        {availability.isPending && <p>Loading…</p>}
        {availability.isError && <p role="alert">Could not load your availability: {availability.error.message}</p>}
        {current && (
          <>
            <p>
              Times are in your time zone, {a?.timeZone}. Without any free time set, you count as free Monday to Friday,
              09:00 to 17:00. Free now: {freeHours(current.grid)} hours a week.
            </p>
            <WeeklyGrid grid={current.grid} onChange={(grid) => setEdit({ ...current, grid })} />
            {violationOf(fields, 'weeklyWindows') && <p className="error">{violationOf(fields, 'weeklyWindows')}</p>}
            <ExceptionsEditor exceptions={current.exceptions} onChange={(exceptions) => setEdit({ ...current, exceptions })}
              error={violationOf(fields, 'exceptions')} />
            <button type="button" onClick={() => save.mutate()} disabled={!edit || save.isPending}>Save my availability</button>
            <div role="status">
              {refused && Object.keys(fields).length === 0 && <p className="error">{refused.message}</p>}
              {otherViolations(fields, ['weeklyWindows', 'exceptions']).map((v) => <p key={v} className="error">{v}</p>)}
              {saved && <p>Availability saved.</p>}
            </div>
          </>
        )}
      </section>
    </>
  )
}
