import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data, Refusal } from '../../api/call'
import { idOf } from '../../api/names'
import { RefusalNote } from '../RefusalNote'

/**
 * My secret calendar feed: an address a calendar application subscribes to (it cannot sign in).
 * The server shows the address once, when it is made; replacing it stops the old one, revoking
 * stops it altogether.
 */
export function MyCalendarFeedPage({ me }: { me: string }) {
  const queryClient = useQueryClient()
  const personId = idOf(me)
  const key = ['scheduling', 'calendar-feed', personId]
  const [address, setAddress] = useState<string>()
  const [refused, setRefused] = useState<Refusal>()
  const feed = useQuery({
    queryKey: key,
    queryFn: () => data(api.GET('/scheduling/v1/people/{personId}/calendarFeed', { params: { path: { personId } } })),
  })
  const reset = useMutation({
    mutationFn: () => data(api.POST('/scheduling/v1/people/{personId}/calendarFeed:reset', { params: { path: { personId } }, body: {} })),
    onMutate: () => setRefused(undefined),
    onSuccess: (f) => { setAddress(new URL(f.urlPath ?? '', window.location.origin).toString()); return queryClient.invalidateQueries({ queryKey: key }) },
    onError: (e: Refusal) => setRefused(e),
  })
  const revoke = useMutation({
    mutationFn: () => data(api.POST('/scheduling/v1/people/{personId}/calendarFeed:revoke', { params: { path: { personId } }, body: {} })),
    onMutate: () => { setRefused(undefined); setAddress(undefined) },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
    onError: (e: Refusal) => setRefused(e),
  })
  const active = feed.data?.active

  return (
    <>
      <h1>My calendar feed</h1>
      <p>Subscribe to your mentoring meetings (30 days back to a year ahead) in any calendar application.
        Anyone with the address can read the meetings’ times, so keep it to yourself.</p>
      {feed.isError && <p role="alert">Could not load your feed: {feed.error.message}</p>}
      {feed.data && (
        <p>{active ? `Your feed is active since ${feed.data.createTime ? new Date(feed.data.createTime).toLocaleDateString() : ''}.` : 'You have no feed.'}</p>
      )}
      {address && (
        <div className="card">
          <label htmlFor="feed-address">Your feed’s address (shown only now)</label>
          <input id="feed-address" readOnly value={address} size={80} onFocus={(e) => e.target.select()} />
        </div>
      )}
      <div className="actions">
        <button type="button" disabled={reset.isPending} onClick={() => reset.mutate()}>
          {active ? 'Replace the address (the old one stops working)' : 'Make my feed address'}
        </button>
        {active && <button type="button" disabled={revoke.isPending} onClick={() => revoke.mutate()}>Revoke the feed</button>}
      </div>
      <div role="status"><RefusalNote refused={refused} shown={[]} /></div>
    </>
  )
}
