/** A group of checkboxes with a legend and the server's violation of the whole group. */
export function ChoiceGroup<T extends string>({ id, legend, options, chosen, onChange, error }: {
  id: string
  legend: string
  options: { value: T; label: string }[]
  chosen: T[]
  onChange: (chosen: T[]) => void
  error?: string
}) {
  const errorId = `${id}-error`
  return (
    <fieldset className="field" id={id} aria-invalid={!!error} aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="choice">
          <input
            type="checkbox"
            checked={chosen.includes(o.value)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((c) => c !== o.value))}
          />
          {o.label}
        </label>
      ))}
      {error && <p id={errorId} className="error" data-field={id}>{error}</p>}
    </fieldset>
  )
}
