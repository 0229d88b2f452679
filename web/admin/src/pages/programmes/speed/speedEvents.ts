import type { components } from '../../../api/schema'

type SpeedEvent = components['schemas']['mentoring.scheduling.v1.SpeedEvent']

/** The conversations of an event as a grid: a row per round, a column per table, each cell "mentor with mentee". */
export function eventGrid(event: SpeedEvent, nameOf: (person?: string) => string): { tables: number[]; rows: { round: number; start?: string; cells: string[] }[] } {
  const tables = [...new Set((event.rounds ?? []).flatMap((r) => (r.conversations ?? []).map((c) => c.table ?? 0)))].sort((a, b) => a - b)
  const rows = (event.rounds ?? []).map((r) => ({
    round: r.number ?? 0,
    start: r.startTime,
    cells: tables.map((t) => {
      const c = (r.conversations ?? []).find((x) => x.table === t)
      return c ? `${nameOf(c.mentor)} with ${nameOf(c.mentee)}` : '—'
    }),
  }))
  return { tables, rows }
}

/** Retries `call` while it is refused with 404 (the plan travels from matching to scheduling as an event), up to `attempts` times. */
export async function whenKnown<T>(call: () => Promise<T>, isNotFound: (e: unknown) => boolean, attempts = 20, waitMs = 500): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await call()
    } catch (e) {
      if (!isNotFound(e) || i >= attempts) throw e
      await new Promise((resolve) => setTimeout(resolve, waitMs))
    }
  }
}
