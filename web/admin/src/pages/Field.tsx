import type { ReactNode } from 'react'

type ControlProps = { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby'?: string }

/** A labelled form control with an optional hint and the server's violation of that field, announced with it. */
export function Field({ id, label, error, hint, children }: {
  id: string
  label: string
  error?: string
  hint?: string
  children: (props: ControlProps) => ReactNode
}) {
  const errorId = `${id}-error`
  const hintId = `${id}-hint`
  const describedBy = [error && errorId, hint && hintId].filter(Boolean).join(' ') || undefined
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, name: id, 'aria-invalid': !!error, 'aria-describedby': describedBy })}
      {error && (
        <p id={errorId} className="error" data-field={id}>
          {error}
        </p>
      )}
      {hint && <p id={hintId} className="hint">{hint}</p>}
    </div>
  )
}
