import { useState, type FormEvent } from 'react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../api/client'
import { errorMessage, fieldViolations } from '../api/violations'
import { models, type MentoringModel } from './models'
import { Field } from './Field'

type Rejected = { message: string; fields: Record<string, string> }

export function CreateProgrammeForm() {
  const queryClient = useQueryClient()
  const [displayName, setDisplayName] = useState('')
  const [model, setModel] = useState<MentoringModel | ''>('')
  const [rejected, setRejected] = useState<Rejected>()
  const [created, setCreated] = useState<string>()

  const create = useMutation({
    mutationFn: async () => {
      const { data, error } = await api.POST('/matching/v1/programmes', {
        body: { displayName, model: model || 'MENTORING_MODEL_UNSPECIFIED' },
      })
      if (error) throw { message: errorMessage(error), fields: fieldViolations(error, 'programme') } satisfies Rejected
      return data
    },
    onSuccess: (programme) => {
      setRejected(undefined)
      setCreated(programme.displayName)
      setDisplayName('')
      setModel('')
      return queryClient.invalidateQueries({ queryKey: ['matching', 'programmes'] })
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
        <button type="submit" disabled={create.isPending}>
          Create programme
        </button>
        <div role="status">
          {rejected && Object.keys(fields).length === 0 && <p className="error">{rejected.message}</p>}
          {created && <p>Programme “{created}” created.</p>}
        </div>
      </form>
    </section>
  )
}
