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
