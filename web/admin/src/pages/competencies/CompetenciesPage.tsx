import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data, Refusal } from '../../api/call'
import { otherViolations, violationOf } from '../../api/violations'
import { Field } from '../Field'
import { levelsOf, levelsText } from './levels'

const key = ['profile', 'competencies'] as const
const blank = { displayName: '', area: '', description: '', levels: '' }

/**
 * The organisation's competency framework: competencies by area with their level scales; add one, or
 * change one (with the etag read: a colleague's change meanwhile is refused, not overwritten).
 */
export function CompetenciesPage() {
  const queryClient = useQueryClient()
  const competencies = useQuery({
    queryKey: key,
    queryFn: () => data(api.GET('/profile/v1/competencies', { params: { query: { pageSize: 500 } } })).then((r) => r.competencies ?? []),
  })
  const [form, setForm] = useState(blank)
  const [rejected, setRejected] = useState<Refusal>()
  const [added, setAdded] = useState<string>()
  // The competency being changed (its name and etag), or none while adding.
  const [editing, setEditing] = useState<{ name: string; etag?: string; displayName?: string }>()
  const create = useMutation({
    mutationFn: () => {
      const body = { displayName: form.displayName, area: form.area, description: form.description, levels: levelsOf(form.levels) }
      if (!editing) return data(api.POST('/profile/v1/competencies', { body }), 'competency')
      return data(api.PATCH('/profile/v1/competencies/{competencyId}', {
        params: { path: { competencyId: editing.name.split('/')[1] ?? '' }, query: { updateMask: 'displayName,area,description,levels' } },
        body: { ...body, etag: editing.etag },
      }), 'competency')
    },
    onMutate: () => { setRejected(undefined); setAdded(undefined) },
    onSuccess: (c) => {
      setAdded(editing ? `${c.displayName} changed.` : `${c.displayName} added.`)
      setForm(blank)
      setEditing(undefined)
      return queryClient.invalidateQueries({ queryKey: key })
    },
    onError: (e: Refusal) => setRejected(e),
  })
  const edit = (c: NonNullable<typeof competencies.data>[number]) => {
    setEditing({ name: c.name ?? '', etag: c.etag, displayName: c.displayName })
    setForm({ displayName: c.displayName ?? '', area: c.area ?? '', description: c.description ?? '', levels: levelsText(c.levels) })
    setRejected(undefined)
    setAdded(undefined)
  }
  const byArea = new Map<string, NonNullable<typeof competencies.data>>()
  for (const c of competencies.data ?? []) byArea.set(c.area ?? '', [...(byArea.get(c.area ?? '') ?? []), c])
  const fields = rejected?.fields ?? {}
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate() }
  const text = (k: keyof typeof blank, label: string, hint?: string) => (
    <Field id={`competency-${k}`} label={label} error={violationOf(fields, k)} hint={hint}>
      {(props) => <input {...props} value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />}
    </Field>
  )

  return (
    <>
      <h1>Competency framework</h1>
      {competencies.isPending && <p>Loading…</p>}
      {competencies.isError && <p role="alert">Could not load the competencies: {competencies.error.message}</p>}
      {competencies.data?.length === 0 && <p>No competencies yet.</p>}
      {[...byArea.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([area, list]) => (
        <section key={area} aria-label={`Area ${area}`}>
          <h2>{area}</h2>
          <table>
            <thead><tr><th scope="col">Competency</th><th scope="col">Levels</th><th scope="col">What it covers</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.name}>
                  <td>{c.displayName}</td>
                  <td>{(c.levels ?? []).map((l) => `${l.level}. ${l.label}`).join(', ')}</td>
                  <td>{c.description}</td>
                  <td><button type="button" onClick={() => edit(c)} aria-label={`Change ${c.displayName}`}>Change</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <section aria-labelledby="add-competency">
        <h2 id="add-competency">{editing ? `Change ${editing.displayName}` : 'Add a competency'}</h2>
        <form onSubmit={submit} noValidate>
          {text('displayName', 'Name')}
          {text('area', 'Area', 'e.g. Leadership')}
          {text('description', 'What it covers')}
          <Field id="competency-levels" label="Levels, lowest first" error={violationOf(fields, 'levels')}
            hint="2 to 10 levels, one per line: its label, a colon, what it means (e.g. Practitioner: gives feedback every week)">
            {(props) => <textarea {...props} rows={4} value={form.levels} onChange={(e) => setForm({ ...form, levels: e.target.value })} />}
          </Field>
          <button type="submit" disabled={create.isPending}>{editing ? 'Save the change' : 'Add the competency'}</button>
          {editing && <button type="button" onClick={() => { setEditing(undefined); setForm(blank); setRejected(undefined) }}>Cancel</button>}
          <div role="status">
            {rejected && Object.keys(fields).length === 0 && <p className="error">{rejected.message}</p>}
            {otherViolations(fields, ['displayName', 'area', 'description', 'levels']).map((v) => <p key={v} className="error">{v}</p>)}
            {added && <p>{added}</p>}
          </div>
        </form>
      </section>
    </>
  )
}
