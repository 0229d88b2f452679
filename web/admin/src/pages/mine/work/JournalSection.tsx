import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../../api/client'
import { data, Refusal } from '../../../api/call'
import { idOf } from '../../../api/names'
import { Field } from '../../Field'
import { RefusalNote } from '../../RefusalNote'

const when = (iso?: string) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '')

/**
 * The reflective journal: my entries are mine alone until I share one with this relationship;
 * below, what the others shared with it.
 */
export function JournalSection({ relationshipId, me }: { relationshipId: string; me: string }) {
  const queryClient = useQueryClient()
  const relationship = `relationships/${relationshipId}`
  const personId = idOf(me)
  const mineKey = ['feedback', 'journal', personId]
  const sharedKey = ['feedback', 'shared-journal', relationshipId]
  const [prompt, setPrompt] = useState('')
  const [body, setBody] = useState('')
  const [share, setShare] = useState(false)
  const [refused, setRefused] = useState<Refusal>()
  const [done, setDone] = useState<string>()

  const mine = useQuery({
    queryKey: mineKey,
    queryFn: () => data(api.GET('/feedback/v1/people/{personId}/journalEntries', { params: { path: { personId } } })).then((r) => r.journalEntries ?? []),
  })
  const shared = useQuery({
    queryKey: sharedKey,
    queryFn: () => data(api.GET('/feedback/v1/relationships/{relationshipId}/sharedJournalEntries', { params: { path: { relationshipId } } }))
      .then((r) => (r.journalEntries ?? []).filter((e) => e.author !== me)),
  })
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: mineKey }), queryClient.invalidateQueries({ queryKey: sharedKey })])
  const setSharing = (entry: string, to: string) =>
    data(api.POST('/feedback/v1/people/{personId}/journalEntries/{journalEntryId}:share', {
      params: { path: { personId, journalEntryId: idOf(entry) } }, body: { relationship: to },
    }))
  const write = useMutation({
    mutationFn: async () => {
      const entry = await data(api.POST('/feedback/v1/people/{personId}/journalEntries', {
        params: { path: { personId } }, body: { body, prompt: prompt || undefined },
      }), 'journal_entry')
      if (share) await setSharing(entry.name!, relationship)
      return entry
    },
    onMutate: () => { setRefused(undefined); setDone(undefined) },
    onSuccess: () => { setBody(''); setPrompt(''); setDone(share ? 'Written and shared with this relationship.' : 'Written; only you can read it.'); return refresh() },
    onError: (e: Refusal) => setRefused(e),
  })
  const toggle = useMutation({
    mutationFn: ({ entry, to }: { entry: string; to: string }) => setSharing(entry, to),
    onMutate: () => setRefused(undefined),
    onSettled: refresh,
    onError: (e: Refusal) => setRefused(e),
  })
  const fields = refused?.fields ?? {}
  const submit = (e: FormEvent) => { e.preventDefault(); write.mutate() }

  return (
    <section aria-labelledby="journal-heading">
      <h2 id="journal-heading">Journal</h2>
      <form onSubmit={submit} aria-labelledby="journal-new-heading" noValidate>
        <h3 id="journal-new-heading">Write an entry</h3>
        <Field id="journal-prompt" label="Prompt (optional)" hint="e.g. What did I try this week?" error={fields.prompt}>
          {(props) => <input {...props} value={prompt} onChange={(e) => setPrompt(e.target.value)} />}
        </Field>
        <Field id="journal-body" label="Reflection" error={fields.body}>
          {(props) => <textarea {...props} rows={4} value={body} onChange={(e) => setBody(e.target.value)} />}
        </Field>
        <div className="choice">
          <input type="checkbox" id="journal-share" checked={share} onChange={(e) => setShare(e.target.checked)} />
          <label htmlFor="journal-share">Share it with this relationship</label>
        </div>
        <button type="submit" disabled={write.isPending}>Write entry</button>
      </form>
      <div role="status">
        {done && <p>{done}</p>}
        <RefusalNote refused={refused} shown={['prompt', 'body']} />
      </div>

      <h3>My entries</h3>
      {mine.isError && <p role="alert">Could not load your journal: {mine.error.message}</p>}
      {mine.data?.length === 0 && <p>None yet.</p>}
      <ul aria-label="My journal entries">
        {mine.data?.map((e) => (
          <li key={e.name}>
            <p>{e.prompt && <strong>{e.prompt} </strong>}{e.body}</p>
            <p className="muted">
              {when(e.createTime)} · {e.sharedWith === relationship ? 'shared with this relationship' : e.sharedWith ? 'shared with another relationship' : 'private'}{' '}
              <button type="button" disabled={toggle.isPending}
                onClick={() => toggle.mutate({ entry: e.name!, to: e.sharedWith === relationship ? '' : relationship })}>
                {e.sharedWith === relationship ? 'Stop sharing' : 'Share here'}
              </button>
            </p>
          </li>
        ))}
      </ul>

      <h3>Shared with this relationship by the others</h3>
      {shared.isError && <p role="alert">Could not load the shared entries: {shared.error.message}</p>}
      {shared.data?.length === 0 && <p>Nothing shared yet.</p>}
      <ul aria-label="Entries the others shared">
        {shared.data?.map((e) => (
          <li key={e.name}><p>{e.prompt && <strong>{e.prompt} </strong>}{e.body}</p><p className="muted">{when(e.createTime)}</p></li>
        ))}
      </ul>
    </section>
  )
}
