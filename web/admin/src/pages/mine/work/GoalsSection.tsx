import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../../api/client'
import { data, Refusal } from '../../../api/call'
import { idOf } from '../../../api/names'
import { Field } from '../../Field'
import { RefusalNote } from '../../RefusalNote'
import { goalStatuses, milestoneProgress, milestonesFrom, statusLabel, withMilestoneDone, type Goal, type GoalStatus } from './goals'

/**
 * The relationship's action plan: its goals with milestones, where each stands as the mentor last
 * reviewed it, a form to set a new one, and (for mentors) a progress review.
 */
export function GoalsSection({ relationshipId, me, mentor }: { relationshipId: string; me: string; mentor: boolean }) {
  const queryClient = useQueryClient()
  const key = ['feedback', 'goals', relationshipId]
  const path = { relationshipId }
  const [title, setTitle] = useState('')
  const [measure, setMeasure] = useState('')
  const [dueDate, setDueDate] = useState('')
  const [milestones, setMilestones] = useState('')
  const [refused, setRefused] = useState<Refusal>()
  const [done, setDone] = useState<string>()

  const goals = useQuery({
    queryKey: key,
    queryFn: () => data(api.GET('/feedback/v1/relationships/{relationshipId}/goals', { params: { path } })).then((r) => r.goals ?? []),
  })
  const refresh = () => queryClient.invalidateQueries({ queryKey: key })
  const create = useMutation({
    mutationFn: () =>
      data(api.POST('/feedback/v1/relationships/{relationshipId}/goals', {
        params: { path },
        body: { title, measure: measure || undefined, dueDate: dueDate || undefined, milestones: milestonesFrom(milestones) },
      }), 'goal'),
    onMutate: () => { setRefused(undefined); setDone(undefined) },
    onSuccess: (g) => { setTitle(''); setMeasure(''); setDueDate(''); setMilestones(''); setDone(`Goal “${g.title}” set.`); return refresh() },
    onError: (e: Refusal) => setRefused(e),
  })
  const tick = useMutation({
    mutationFn: ({ goal, index, value }: { goal: Goal; index: number; value: boolean }) =>
      data(api.PATCH('/feedback/v1/relationships/{relationshipId}/goals/{goalId}', {
        params: { path: { relationshipId, goalId: idOf(goal.name) }, query: { updateMask: 'milestones' } },
        body: { title: goal.title, etag: goal.etag, milestones: withMilestoneDone(goal.milestones ?? [], index, value) },
      })),
    // Ticked at once (a checkbox that waits for the server looks broken); the refresh after settles it.
    onMutate: ({ goal, index, value }) => {
      setRefused(undefined); setDone(undefined)
      queryClient.setQueryData<Goal[]>(key, (all) =>
        all?.map((g) => (g.name === goal.name ? { ...g, milestones: withMilestoneDone(g.milestones ?? [], index, value) } : g)))
    },
    onSettled: refresh,
    onError: (e: Refusal) => setRefused(e),
  })
  const fields = refused?.fields ?? {}
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate() }

  return (
    <section aria-labelledby="goals-heading">
      <h2 id="goals-heading">Goals and milestones</h2>
      {goals.isPending && <p>Loading…</p>}
      {goals.isError && <p role="alert">Could not load the goals: {goals.error.message}</p>}
      {goals.data?.length === 0 && <p>No goals yet: set the first one below.</p>}
      {goals.data?.map((g) => (
        <article key={g.name} className="card" aria-labelledby={`goal-${idOf(g.name)}`}>
          <h3 id={`goal-${idOf(g.name)}`}>{g.title}</h3>
          <dl className="facts">
            {g.measure && <><dt>Measure</dt><dd>{g.measure}</dd></>}
            {g.dueDate && <><dt>Due</dt><dd>{g.dueDate}</dd></>}
            <dt>Whose</dt><dd>{g.owner === me ? 'yours' : mentor ? 'your mentee’s' : 'another participant’s'}</dd>
            <dt>Status</dt><dd>{statusLabel(g.status)}{g.reviews?.length ? `, ${g.progressPercent ?? 0} %` : ''}</dd>
          </dl>
          {(g.milestones ?? []).length > 0 && (
            <fieldset>
              <legend>Milestones ({milestoneProgress(g.milestones)} % done)</legend>
              {g.milestones!.map((m, i) => (
                <div className="choice" key={`${m.title}-${i}`}>
                  <input type="checkbox" id={`${idOf(g.name)}-m${i}`} checked={!!m.done} disabled={tick.isPending}
                    onChange={(e) => tick.mutate({ goal: g, index: i, value: e.target.checked })} />
                  <label htmlFor={`${idOf(g.name)}-m${i}`}>{m.title}</label>
                </div>
              ))}
            </fieldset>
          )}
          {(g.reviews ?? []).length > 0 && (
            <p className="muted">Last review: {g.reviews![g.reviews!.length - 1].note || 'no note'}</p>
          )}
          {mentor && <ReviewForm goal={g} onReviewed={refresh} />}
        </article>
      ))}

      <form onSubmit={submit} aria-labelledby="new-goal-heading" noValidate>
        <h3 id="new-goal-heading">Set a goal</h3>
        <Field id="goal-title" label="Goal" hint="What is to be achieved" error={fields.title}>
          {(props) => <input {...props} value={title} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <Field id="goal-measure" label="How we will know it is reached" error={fields.measure}>
          {(props) => <input {...props} value={measure} onChange={(e) => setMeasure(e.target.value)} />}
        </Field>
        <Field id="goal-dueDate" label="Due by" error={fields.dueDate}>
          {(props) => <input {...props} type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />}
        </Field>
        <Field id="goal-milestones" label="Milestones" hint="One per line" error={fields.milestones}>
          {(props) => <textarea {...props} rows={3} value={milestones} onChange={(e) => setMilestones(e.target.value)} />}
        </Field>
        <button type="submit" disabled={create.isPending}>Set goal</button>
      </form>
      <div role="status">
        {done && <p>{done}</p>}
        <RefusalNote refused={refused} shown={['title', 'measure', 'dueDate', 'milestones']} />
      </div>
    </section>
  )
}

/** The mentor's review of one goal: a status, a percentage (blank: the share of milestones done) and a note. */
function ReviewForm({ goal, onReviewed }: { goal: Goal; onReviewed: () => void }) {
  const id = idOf(goal.name)
  const [status, setStatus] = useState<GoalStatus>(goal.status && goal.status !== 'GOAL_STATUS_UNSPECIFIED' ? goal.status : 'GOAL_STATUS_ON_TRACK')
  const [percent, setPercent] = useState('')
  const [note, setNote] = useState('')
  const [refused, setRefused] = useState<Refusal>()
  const review = useMutation({
    mutationFn: () =>
      data(api.POST('/feedback/v1/relationships/{relationshipId}/goals/{goalId}:reviewProgress', {
        params: { path: { relationshipId: goal.name!.split('/')[1], goalId: id } },
        body: { status, progressPercent: percent === '' ? undefined : Number(percent), note: note || undefined },
      })),
    onMutate: () => setRefused(undefined),
    onSuccess: () => { setNote(''); setPercent(''); onReviewed() },
    onError: (e: Refusal) => setRefused(e),
  })
  const fields = refused?.fields ?? {}
  return (
    <form aria-label={`Review progress on “${goal.title}”`} noValidate onSubmit={(e) => { e.preventDefault(); review.mutate() }}>
      <Field id={`${id}-status`} label="Status" error={fields.status}>
        {(props) => (
          <select {...props} value={status} onChange={(e) => setStatus(e.target.value as GoalStatus)}>
            {goalStatuses.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
          </select>
        )}
      </Field>
      <Field id={`${id}-percent`} label="Progress in percent" hint="Blank: the share of milestones done" error={fields.progressPercent}>
        {(props) => <input {...props} inputMode="numeric" value={percent} onChange={(e) => setPercent(e.target.value)} />}
      </Field>
      <Field id={`${id}-note`} label="Review note" error={fields.note}>
        {(props) => <input {...props} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <button type="submit" disabled={review.isPending}>Record review</button>
      <div role="status"><RefusalNote refused={refused} shown={['status', 'progressPercent', 'note']} /></div>
    </form>
  )
}
