import type { components } from './schema'

type Status = components['schemas']['google.rpc.Status']
type BadRequest = components['schemas']['google.rpc.BadRequest']

/**
 * The field violations of an error body (a google.rpc.Status with a BadRequest detail), keyed by
 * the JSON name of the field under `prefix`: "programme.display_name" → "displayName".
 */
export function fieldViolations(error: unknown, prefix: string): Record<string, string> {
  const details = (error as Status | undefined)?.details ?? []
  const result: Record<string, string> = {}
  for (const detail of details) {
    if ((detail as BadRequest)['@type'] !== 'type.googleapis.com/google.rpc.BadRequest') continue
    for (const v of (detail as BadRequest).fieldViolations ?? []) {
      if (!v.field) continue
      const field = v.field.startsWith(prefix + '.') ? v.field.slice(prefix.length + 1) : v.field
      const json = field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
      result[json] = result[json] ? `${result[json]}; ${v.description ?? ''}` : (v.description ?? 'is invalid')
    }
  }
  return result
}

export function errorMessage(error: unknown): string {
  return (error as Status | undefined)?.message || 'The request failed.'
}

/** The violation of `field` and of anything inside it ("skills" also takes "skills[0].level"). */
export function violationOf(fields: Record<string, string>, field: string): string | undefined {
  const found = Object.entries(fields)
    .filter(([key]) => key === field || key.startsWith(field + '[') || key.startsWith(field + '.'))
    .map(([key, text]) => (key === field ? text : `${key}: ${text}`))
  return found.length ? found.join('; ') : undefined
}

/** The violations of fields a form does not show, so that none is lost from view. */
export function otherViolations(fields: Record<string, string>, shown: string[]): string[] {
  return Object.entries(fields)
    .filter(([key]) => !shown.some((f) => key === f || key.startsWith(f + '[') || key.startsWith(f + '.')))
    .map(([key, text]) => `${key}: ${text}`)
}
