import { useState, type FormEvent } from 'react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data, Refusal } from '../../api/call'
import { idOf } from '../../api/names'
import { Field } from '../Field'
import { RefusalNote } from '../RefusalNote'
import { programmeKey, type Programme } from './programme'
import { programmesKey } from './queries'
import { changesOf, draftOf, numberRules, rebase, switchRules, weightKeys, type RulesDraft } from './rulesEdit'
import { weightNames } from './RulesTable'

/**
 * Changes a programme's name, formality, rules and weights. Only what was edited is sent (with the
 * etag read), and a refusal keeps what was typed, each violation next to its field.
 */
export function EditProgrammeForm({ programme }: { programme: Programme }) {
  const queryClient = useQueryClient()
  const programmeId = idOf(programme.name)
  // The version the draft was made from: edits are measured against it, and its etag is sent.
  const [base, setBase] = useState<Programme>(programme)
  const [draft, setDraft] = useState<RulesDraft>(() => draftOf(programme))
  const [refused, setRefused] = useState<Refusal>()
  const [done, setDone] = useState<string>()
  const save = useMutation({
    mutationFn: async () => {
      const change = changesOf(base, draft)
      if (change.kind === 'invalid') throw new Refusal('Some values are not whole numbers.', change.fields)
      if (change.kind === 'none') return undefined
      return data(api.PATCH('/matching/v1/programmes/{programmeId}', {
        params: { path: { programmeId }, query: { updateMask: change.updateMask } },
        body: change.programme,
      }), 'programme')
    },
    onMutate: () => { setRefused(undefined); setDone(undefined) },
    onSuccess: (saved) => {
      if (!saved) { setDone('Nothing was changed.'); return }
      queryClient.setQueryData(programmeKey(programmeId), saved)
      void queryClient.invalidateQueries({ queryKey: programmesKey, exact: true })
      setBase(saved)
      setDraft(draftOf(saved))
      setDone('Saved. The next match run uses the new rules; relationships already formed keep theirs.')
    },
    onError: async (e: Refusal) => {
      setRefused(e)
      if (e.status !== 409) return
      // Someone else changed it meanwhile: what was edited here stays, over their version, to be saved again.
      const fresh = await data(api.GET('/matching/v1/programmes/{programmeId}', { params: { path: { programmeId } } }))
      queryClient.setQueryData(programmeKey(programmeId), fresh)
      setDraft(rebase(base, draft, fresh))
      setBase(fresh)
      setRefused(undefined)
      setDone('Someone changed the programme meanwhile. Your edits are kept over their version: check them and save again.')
    },
  })
  const fields = refused?.fields ?? {}
  const set = (patch: Partial<RulesDraft>) => setDraft((d) => ({ ...d, ...patch }))
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate() }
  const shown = ['displayName', ...numberRules.map((n) => `rules.${n.key}`), ...switchRules.map((s) => `rules.${s.key}`), 'weights']

  return (
    <section aria-labelledby="edit-heading">
      <h2 id="edit-heading">Change the programme</h2>
      <p className="hint">Changes apply from the next match run. A run made before a change of rules or weights cannot be published: run again.</p>
      <form onSubmit={submit} noValidate>
        <Field id="edit-displayName" label="Name" error={fields.displayName}>
          {(props) => <input {...props} value={draft.displayName} onChange={(e) => set({ displayName: e.target.value })} />}
        </Field>
        <label className="choice">
          <input type="checkbox" checked={draft.formal} onChange={(e) => set({ formal: e.target.checked })} />
          Formal: structured, measurable goals and a signed agreement before the work starts
        </label>
        <fieldset className="field">
          <legend>Rules</legend>
          {numberRules.map((n) => (
            <Field key={n.key} id={`edit-${n.key}`} label={n.label} hint={'hint' in n ? n.hint : undefined} error={fields[`rules.${n.key}`]}>
              {(props) => (
                <input {...props} inputMode="numeric" value={draft.numbers[n.key]}
                  onChange={(e) => set({ numbers: { ...draft.numbers, [n.key]: e.target.value } })} />
              )}
            </Field>
          ))}
          {switchRules.map((s) => (
            <div key={s.key} className="field">
              <label className="choice">
                <input type="checkbox" checked={draft.switches[s.key]} aria-invalid={!!fields[`rules.${s.key}`]}
                  onChange={(e) => set({ switches: { ...draft.switches, [s.key]: e.target.checked } })} />
                {s.label}
              </label>
              {fields[`rules.${s.key}`] && <p className="error" data-field={`edit-${s.key}`}>{fields[`rules.${s.key}`]}</p>}
            </div>
          ))}
        </fieldset>
        <fieldset className="field" aria-describedby={fields.weights ? 'edit-weights-error' : undefined}>
          <legend>Scoring weights (0 to 100 each)</legend>
          {weightKeys.map((k) => (
            <Field key={k} id={`edit-weight-${k}`} label={weightNames.find(([w]) => w === k)?.[1] ?? k} error={fields[`weights.${k}`]}>
              {(props) => (
                <input {...props} inputMode="numeric" value={draft.weights[k]}
                  onChange={(e) => set({ weights: { ...draft.weights, [k]: e.target.value } })} />
              )}
            </Field>
          ))}
          {fields.weights && <p id="edit-weights-error" className="error" data-field="edit-weights">{fields.weights}</p>}
        </fieldset>
        <button type="submit" disabled={save.isPending}>Save changes</button>
        <div role="status">
          {done && <p>{done}</p>}
          <RefusalNote refused={refused} shown={[...shown, ...weightKeys.map((k) => `weights.${k}`)]} />
        </div>
      </form>
    </section>
  )
}
