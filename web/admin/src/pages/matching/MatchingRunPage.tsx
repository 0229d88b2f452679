import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Link, useParams } from 'react-router-dom'
import { api } from '../../api/client'
import { data, Refusal } from '../../api/call'
import type { components } from '../../api/schema'
import { useEnrolments } from '../programmes/queries'
import { runDiff, type Proposal, type RunDiff } from './runDiff'
import { ProposalsTable } from './ProposalsTable'
import { PinAndSwapForms } from './PinAndSwapForms'
import { ReviewDiff } from './ReviewDiff'
import { UnmatchedAndShortages } from './UnmatchedAndShortages'

type ReviewAction = components['schemas']['mentoring.matching.v1.ReviewAction']
type Review = { action: ReviewAction; label: string; mentee: string; mentor?: string; otherMentee?: string }

export function MatchingRunPage() {
  const { programmeId = '', runId = '' } = useParams()
  const queryClient = useQueryClient()
  const key = ['matching', 'runs', programmeId, runId]
  const [last, setLast] = useState<{ label: string; diff: RunDiff }>()
  const [refused, setRefused] = useState<string>()
  const path = { programmeId, runId }

  const run = useQuery({
    queryKey: key,
    queryFn: () => data(api.GET('/matching/v1/programmes/{programmeId}/runs/{runId}', { params: { path } })),
  })
  const enrolments = useEnrolments(programmeId)

  const review = useMutation({
    mutationFn: (r: Review) =>
      data(api.POST('/matching/v1/programmes/{programmeId}/runs/{runId}:review', {
        params: { path },
        body: { action: r.action, mentee: r.mentee, mentor: r.mentor, otherMentee: r.otherMentee },
      })),
    onMutate: () => setRefused(undefined),
    onSuccess: (after, r) => {
      setLast({ label: r.label, diff: runDiff(run.data?.proposals ?? [], after.proposals ?? []) })
      queryClient.setQueryData(key, after)
    },
    onError: (e: Refusal) => setRefused(e.message),
  })
  const publish = useMutation({
    mutationFn: () => data(api.POST('/matching/v1/programmes/{programmeId}/runs/{runId}:publish', { params: { path }, body: {} })),
    onMutate: () => setRefused(undefined),
    onSuccess: (after) => queryClient.setQueryData(key, after),
    onError: (e: Refusal) => setRefused(e.message),
  })

  if (run.isPending) return <p>Loading…</p>
  if (run.isError) return <p role="alert">Could not load the run: {run.error.message}</p>
  const r = run.data
  const inReview = r.state === 'MATCHING_RUN_STATE_IN_REVIEW'
  const busy = review.isPending || publish.isPending
  const person = (p: string | undefined) => enrolments.data?.find((e) => e.person === p)?.displayName || p || ''
  const act = (action: ReviewAction, verb: string) => (p: Proposal) =>
    review.mutate({ action, label: `${verb} ${p.mentorDisplayName} for ${p.menteeDisplayName}`, mentee: p.mentee!, mentor: p.mentor })

  return (
    <>
      <p><Link to={`/programmes/${programmeId}`}>Back to the programme</Link></p>
      <h1>Matching run</h1>
      <dl className="facts">
        <dt>State</dt>
        <dd>{inReview ? 'in review — nothing is visible to participants yet' : 'published'}</dd>
        <dt>Considered</dt>
        <dd>{r.mentees ?? 0} mentees, {r.mentors ?? 0} mentors</dd>
        <dt>Proposals</dt>
        <dd>{r.proposals?.length ?? 0}, total score {Number(r.totalScore ?? 0).toFixed(1)}</dd>
      </dl>
      <div role="status">{refused && <p className="error">Refused: {refused}</p>}</div>
      {last && <ReviewDiff action={last.label} diff={last.diff} />}

      <section aria-labelledby="proposals-heading">
        <h2 id="proposals-heading">Proposals</h2>
        <ProposalsTable proposals={r.proposals ?? []} inReview={inReview} busy={busy}
          onAccept={act('REVIEW_ACTION_ACCEPT', 'Accept')} onReject={act('REVIEW_ACTION_REJECT', 'Reject')} />
        {inReview && (
          <PinAndSwapForms enrolments={enrolments.data ?? []} proposals={r.proposals ?? []} busy={busy}
            onPin={(mentee, mentor) => review.mutate({ action: 'REVIEW_ACTION_PIN', label: `Pin ${person(mentor)} for ${person(mentee)}`, mentee, mentor })}
            onSwap={(mentee, otherMentee) => review.mutate({ action: 'REVIEW_ACTION_SWAP', label: `Swap the mentors of ${person(mentee)} and ${person(otherMentee)}`, mentee, otherMentee })} />
        )}
      </section>

      <UnmatchedAndShortages run={r} person={person} />

      <section aria-labelledby="publish-heading">
        <h2 id="publish-heading">Publish</h2>
        {inReview ? (
          <>
            <p>Publishing turns every proposal into a relationship that its participants are asked to accept.</p>
            <button type="button" onClick={() => publish.mutate()} disabled={busy || (r.proposals?.length ?? 0) === 0}>
              Publish {r.proposals?.length ?? 0} proposals
            </button>
          </>
        ) : (
          <p>
            Published{r.publishTime ? ` on ${new Date(r.publishTime).toLocaleString()}` : ''}: {r.relationships?.length ?? 0} relationships
            created. <Link to={`/relationships?programme=${programmeId}`}>See the programme’s relationships</Link>.
          </p>
        )}
      </section>
    </>
  )
}
