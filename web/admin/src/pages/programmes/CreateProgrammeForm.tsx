import { useState, type FormEvent } from 'react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import { idOf } from '../../api/names'
import { api } from '../../api/client'
import { errorMessage, fieldViolations, otherViolations, violationOf } from '../../api/violations'
import { models, type MentoringModel } from '../models'
import { Field } from '../Field'
import { programmesKey } from './queries'

type Rejected = { message: string; fields: Record<string, string> }

export function CreateProgrammeForm() {
  const queryClient = useQueryClient()
  const [displayName, setDisplayName] = useState('')
  const [model, setModel] = useState<MentoringModel | ''>('')
  const [formal, setFormal] = useState(false)
  const [credentialRequired, setCredentialRequired] = useState<'' | 'yes' | 'no'>('')
  const [durationWeeks, setDurationWeeks] = useState('')
  const [rejected, setRejected] = useState<Rejected>()
  const [created, setCreated] = useState<{ displayName?: string; name?: string }>()

  const create = useMutation({
    mutationFn: async () => {
      const { data, error } = await api.POST('/matching/v1/programmes', {
        body: {
          displayName,
          model: model || 'MENTORING_MODEL_UNSPECIFIED',
          formal,
          // unset rules take the model's defaults, which the programme's page then shows
          rules: {
            credentialRequired: credentialRequired === '' ? undefined : credentialRequired === 'yes',
            durationWeeks: durationWeeks === '' ? undefined : Number(durationWeeks),
          },
        },
      })
      if (error) throw { message: errorMessage(error), fields: fieldViolations(error, 'programme') } satisfies Rejected
      return data
    },
    onSuccess: (programme) => {
      setRejected(undefined)
      setCreated(programme)
      setDisplayName('')
      setModel('')
      setFormal(false)
      setCredentialRequired('')
      setDurationWeeks('')
      return queryClient.invalidateQueries({ queryKey: programmesKey })
    },
    onError: (e: Rejected) => {
      setCreated(undefined)
      setRejected(e)
    },
  })

  const submit = (e: FormEvent) => {
    e.preventDefault()
    create.mutate()
  }

  const fields = rejected?.fields ?? {}
  return (
    <section aria-labelledby="create-heading">
      <h2 id="create-heading">Create a programme</h2>
      {/* The server validates: its field violations are shown next to each field. */}
      <form onSubmit={submit} noValidate>
        <Field id="displayName" label="Name" error={fields.displayName}>
          {(props) => <input {...props} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
        <Field id="model" label="Mentoring model" error={fields.model}>
          {(props) => (
            <select {...props} value={model} onChange={(e) => setModel(e.target.value as MentoringModel | '')}>
              <option value="">Choose a model</option>
              {models.map((m) => (
                <option key={m.value} value={m.value}>
                  {m.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {model && <p className="hint" id="model-explanation">{models.find((m) => m.value === model)?.explanation}</p>}
        <fieldset className="field">
          <legend>Rules (left empty, each takes the model’s default, shown on the programme’s page)</legend>
          <label className="choice">
            <input type="checkbox" checked={formal} onChange={(e) => setFormal(e.target.checked)} />
            Formal: structured, measurable goals and a signed agreement before the work starts
          </label>
          <Field id="credentialRequired" label="Mentors need a current credential" error={violationOf(fields, 'rules.credentialRequired')}>
            {(props) => (
              <select {...props} value={credentialRequired} onChange={(e) => setCredentialRequired(e.target.value as '' | 'yes' | 'no')}>
                <option value="">The model’s default</option>
                <option value="yes">Yes</option>
                <option value="no">No</option>
              </select>
            )}
          </Field>
          <Field id="durationWeeks" label="Length in weeks" hint="0 for no fixed length; empty for the model’s default" error={violationOf(fields, 'rules.durationWeeks')}>
            {(props) => <input {...props} inputMode="numeric" value={durationWeeks} onChange={(e) => setDurationWeeks(e.target.value)} />}
          </Field>
        </fieldset>
        <button type="submit" disabled={create.isPending}>
          Create programme
        </button>
        <div role="status">
          {rejected && Object.keys(fields).length === 0 && <p className="error">{rejected.message}</p>}
          {otherViolations(fields, ['displayName', 'model', 'rules.credentialRequired', 'rules.durationWeeks']).map((v) => <p key={v} className="error">{v}</p>)}
          {created && <p>Programme “{created.displayName}” created. <Link to={`/programmes/${idOf(created.name)}`}>Open it to enrol people and run matching</Link>.</p>}
        </div>
      </form>
    </section>
  )
}
