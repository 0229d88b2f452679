import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../../api/client'
import { data, Refusal } from '../../../api/call'
import { Field } from '../../Field'
import { RefusalNote } from '../../RefusalNote'

/**
 * The closing evaluation, once the relationship is closing: what I learned, a rating and whether
 * I would recommend mentoring. Double-blind: the others' evaluations show only once everyone has
 * submitted or the window has passed.
 */
export function ClosingEvaluationSection({ relationshipId, me }: { relationshipId: string; me: string }) {
  const queryClient = useQueryClient()
  const key = ['feedback', 'closing', relationshipId]
  const [learned, setLearned] = useState('')
  const [rating, setRating] = useState('')
  const [recommend, setRecommend] = useState('')
  const [refused, setRefused] = useState<Refusal>()
  const evaluations = useQuery({
    queryKey: key,
    queryFn: () => data(api.GET('/feedback/v1/relationships/{relationshipId}/closingEvaluations', { params: { path: { relationshipId } } })),
  })
  const submit = useMutation({
    mutationFn: () =>
      data(api.POST('/feedback/v1/relationships/{relationshipId}/closingEvaluations', {
        params: { path: { relationshipId } },
        body: { learned: learned || undefined, rating: Number(rating) || 0, wouldRecommend: recommend === '' ? -1 : Number(recommend) },
      }), 'closing_evaluation'),
    onMutate: () => setRefused(undefined),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
    onError: (e: Refusal) => setRefused(e),
  })
  const fields = refused?.fields ?? {}
  const all = evaluations.data?.closingEvaluations ?? []
  const mine = all.find((e) => e.respondent === me)
  const others = all.filter((e) => e.respondent !== me)
  const send = (e: FormEvent) => { e.preventDefault(); submit.mutate() }

  return (
    <section aria-labelledby="closing-heading">
      <h2 id="closing-heading">Closing evaluation</h2>
      {evaluations.isError && <p role="alert">Could not load the evaluations: {evaluations.error.message}</p>}
      {mine ? (
        <p>You submitted yours: rating {mine.rating} of 5, would recommend {mine.wouldRecommend} of 10.</p>
      ) : (
        <form onSubmit={send} aria-label="My closing evaluation" noValidate>
          <Field id="closing-learned" label="What I learned" error={fields.learned}>
            {(props) => <textarea {...props} rows={3} value={learned} onChange={(e) => setLearned(e.target.value)} />}
          </Field>
          <Field id="closing-rating" label="How it went, 1 (bad) to 5 (good)" error={fields.rating}>
            {(props) => <input {...props} inputMode="numeric" value={rating} onChange={(e) => setRating(e.target.value)} />}
          </Field>
          <Field id="closing-wouldRecommend" label="Would I recommend mentoring to a colleague, 0 to 10" error={fields.wouldRecommend}>
            {(props) => <input {...props} inputMode="numeric" value={recommend} onChange={(e) => setRecommend(e.target.value)} />}
          </Field>
          <button type="submit" disabled={submit.isPending}>Submit evaluation</button>
        </form>
      )}
      <div role="status"><RefusalNote refused={refused} shown={['learned', 'rating', 'wouldRecommend']} /></div>
      {evaluations.data && (evaluations.data.revealed ? (
        others.length > 0 && (
          <ul aria-label="The others’ evaluations">
            {others.map((e) => <li key={e.name}>Rating {e.rating} of 5, would recommend {e.wouldRecommend} of 10{e.learned ? `: ${e.learned}` : ''}</li>)}
          </ul>
        )
      ) : (
        <p className="muted">The others’ evaluations show once everyone has submitted{evaluations.data.revealTime ? ` or on ${new Date(evaluations.data.revealTime).toLocaleDateString()}` : ''}.</p>
      ))}
    </section>
  )
}
