import type { ReactNode } from 'react'

type ControlProps = { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby'?: string }

/** A labelled form control with the server's violation of that field, announced with it. */
export function Field({ id, label, error, children }: {
  id: string
  label: string
  error?: string
  children: (props: ControlProps) => ReactNode
}) {
  const errorId = `${id}-error`
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, name: id, 'aria-invalid': !!error, 'aria-describedby': error ? errorId : undefined })}
      {error && (
        <p id={errorId} className="error" data-field={id}>
          {error}
        </p>
      )}
    </div>
  )
}
