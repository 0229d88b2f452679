import { errorMessage, fieldViolations } from './violations'

/** A refused call: the server's message and its field violations by JSON field name. */
export class Refusal extends Error {
  constructor(message: string, readonly fields: Record<string, string>, readonly status?: number) {
    super(message)
  }
}

/**
 * The data of an openapi-fetch answer, or a Refusal carrying the server's message and field
 * violations (under `prefix`, e.g. "person" for "person.email").
 */
export async function data<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
  prefix = '',
): Promise<T> {
  const { data, error, response } = await call
  if (error !== undefined || data === undefined) {
    throw new Refusal(errorMessage(error), fieldViolations(error, prefix), response.status)
  }
  return data
}
