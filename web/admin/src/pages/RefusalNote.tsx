import type { Refusal } from '../api/call'
import { otherViolations } from '../api/violations'

/**
 * What a refusal says that the form's own fields do not: the server's message when it named no
 * field, else the violations of fields the form does not show, so that none is lost from view.
 */
export function RefusalNote({ refused, shown }: { refused?: Refusal; shown: string[] }) {
  if (!refused) return null
  const fields = Object.keys(refused.fields)
  if (fields.length === 0) return <p className="error">Refused: {refused.message}</p>
  return <>{otherViolations(refused.fields, shown).map((v) => <p key={v} className="error">{v}</p>)}</>
}
