import { rawFetch } from '../../api/raw'

/** The services whose events the admin SPA shows (each keeps its own dead letters and outbox). */
export const eventServices = ['profile', 'matching', 'scheduling', 'feedback', 'integration'] as const
export type EventService = (typeof eventServices)[number]

/** As the services' operator endpoints (/{service}/ops/events/…) answer, camelCase JSON. */
export type DeadLetter = {
  subscriber: string
  eventId: string
  topic: string
  attempts: number
  lastError: string
  firstFailedAt: string
  deadLetteredAt: string
}

export type PendingOutboxEvent = { eventId: string; topic: string; attempts: number; lastError?: string; createdAt: string; nextAttemptAt: string }

export const deadLettersKey = (service: EventService) => ['events', service, 'dead-letters']

export async function deadLetters(service: EventService): Promise<DeadLetter[]> {
  return (await rawFetch(`/${service}/ops/events/dead-letters`)).json()
}

export async function unpublished(service: EventService): Promise<PendingOutboxEvent[]> {
  return (await rawFetch(`/${service}/ops/events/outbox`)).json()
}

export async function replay(service: EventService, d: Pick<DeadLetter, 'subscriber' | 'eventId'>): Promise<void> {
  await rawFetch(`/${service}/ops/events/dead-letters/${encodeURIComponent(d.subscriber)}/${d.eventId}:replay`, { method: 'POST' })
}
