import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../../api/client'
import { data, Refusal } from '../../../api/call'
import { idOf } from '../../../api/names'
import type { components } from '../../../api/schema'
import { RefusalNote } from '../../RefusalNote'

type FitCheck = components['schemas']['mentoring.feedback.v1.FitCheck']

/**
 * "Is this working for you?" at the intervals the agreement set. My answer is mine alone: the
 * others see only how many answered. Answering "not working" marks the relationship at risk and
 * points to the no-fault way out.
 */
export function FitChecksSection({ relationshipId }: { relationshipId: string }) {
  const key = ['feedback', 'fit-checks', relationshipId]
  const checks = useQuery({
    queryKey: key,
    queryFn: () => data(api.GET('/feedback/v1/relationships/{relationshipId}/fitChecks', { params: { path: { relationshipId } } })).then((r) => r.fitChecks ?? []),
  })
  return (
    <section aria-labelledby="fit-heading">
      <h2 id="fit-heading">Fit checks</h2>
      {checks.isError && <p role="alert">Could not load the fit checks: {checks.error.message}</p>}
      {checks.data?.length === 0 && <p>No fit check is due yet. They fall due at the interval the agreement sets once the relationship is active.</p>}
      {checks.data?.map((c) => <FitCheckAnswer key={c.name} check={c} queryKey={key} />)}
    </section>
  )
}

function FitCheckAnswer({ check, queryKey }: { check: FitCheck; queryKey: string[] }) {
  const queryClient = useQueryClient()
  const [comment, setComment] = useState('')
  const [refused, setRefused] = useState<Refusal>()
  const number = idOf(check.name)
  const answer = useMutation({
    mutationFn: (value: 'FIT_ANSWER_WORKING' | 'FIT_ANSWER_NOT_WORKING') =>
      data(api.POST('/feedback/v1/relationships/{relationshipId}/fitChecks/{fitCheckId}:answer', {
        params: { path: { relationshipId: check.name!.split('/')[1], fitCheckId: number } },
        body: { answer: value, comment: comment || undefined },
      })),
    onMutate: () => setRefused(undefined),
    onSuccess: () => queryClient.invalidateQueries({ queryKey }),
    onError: (e: Refusal) => setRefused(e),
  })
  const answered = check.answer && check.answer !== 'FIT_ANSWER_UNSPECIFIED'
  return (
    <article className="card" aria-label={`Fit check ${number}`}>
      <p>Fit check {number}, due {check.dueTime ? new Date(check.dueTime).toLocaleDateString() : ''} · {check.answered ?? 0} of {check.participants ?? 0} answered</p>
      {answered ? (
        <p>You answered: {check.answer === 'FIT_ANSWER_WORKING' ? 'it works' : 'it does not work'}.
          {check.answer === 'FIT_ANSWER_NOT_WORKING' && ' You may end the relationship without blame at any time (“End it, no fault”).'}</p>
      ) : (
        <>
          <label htmlFor={`fit-${number}-comment`}>Comment, for you alone (optional)</label>
          <input id={`fit-${number}-comment`} value={comment} onChange={(e) => setComment(e.target.value)} />
          <div className="actions">
            <button type="button" disabled={answer.isPending} onClick={() => answer.mutate('FIT_ANSWER_WORKING')}>It works</button>
            <button type="button" disabled={answer.isPending} onClick={() => answer.mutate('FIT_ANSWER_NOT_WORKING')}>It does not work</button>
          </div>
        </>
      )}
      <div role="status"><RefusalNote refused={refused} shown={[]} /></div>
    </article>
  )
}
