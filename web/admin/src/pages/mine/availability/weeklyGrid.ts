import type { components } from '../../../api/schema'

export type WeeklyWindow = components['schemas']['mentoring.profile.v1.WeeklyWindow']
export type DayOfWeek = components['schemas']['mentoring.profile.v1.DayOfWeek']

export const days: { value: DayOfWeek; label: string }[] = [
  { value: 'DAY_OF_WEEK_MONDAY', label: 'Monday' },
  { value: 'DAY_OF_WEEK_TUESDAY', label: 'Tuesday' },
  { value: 'DAY_OF_WEEK_WEDNESDAY', label: 'Wednesday' },
  { value: 'DAY_OF_WEEK_THURSDAY', label: 'Thursday' },
  { value: 'DAY_OF_WEEK_FRIDAY', label: 'Friday' },
  { value: 'DAY_OF_WEEK_SATURDAY', label: 'Saturday' },
  { value: 'DAY_OF_WEEK_SUNDAY', label: 'Sunday' },
]

/** The grid's cell length: 30 minutes, 48 cells a day. */
export const slotMinutes = 30
export const slotsPerDay = (24 * 60) / slotMinutes

export const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number)
  return h * 60 + m
}
export const hhmmOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

/**
 * The week as a grid: per day, which 30-minute cells are free, and which days were changed.
 * Days not changed keep their windows exactly as stored (even when they do not fall on the
 * grid's half hours); a changed day's windows are rebuilt from its cells.
 */
export type WeekGrid = { cells: Record<string, boolean[]>; stored: WeeklyWindow[]; changed: DayOfWeek[] }

/** A cell is free when a window covers all of it. */
export function gridOf(windows: WeeklyWindow[]): WeekGrid {
  const cells: Record<string, boolean[]> = {}
  for (const d of days) cells[d.value] = Array(slotsPerDay).fill(false)
  for (const w of windows) {
    const day = cells[w.dayOfWeek]
    if (!day) continue
    const start = minutesOf(w.startTime)
    const end = minutesOf(w.endTime)
    for (let i = 0; i < slotsPerDay; i++) if (i * slotMinutes >= start && (i + 1) * slotMinutes <= end) day[i] = true
  }
  return { cells, stored: windows, changed: [] }
}

/** Sets cells `from`..`to` (inclusive, either order) of one day, as a drag or shift-click selects them. */
export function setCells(grid: WeekGrid, day: DayOfWeek, from: number, to: number, free: boolean): WeekGrid {
  const [a, b] = from <= to ? [from, to] : [to, from]
  const next = grid.cells[day].slice()
  for (let i = a; i <= b; i++) next[i] = free
  return {
    cells: { ...grid.cells, [day]: next },
    stored: grid.stored,
    changed: grid.changed.includes(day) ? grid.changed : [...grid.changed, day],
  }
}

/** The windows to store: unchanged days as they were, changed days as runs of free cells (ending "24:00" at midnight). */
export function windowsOf(grid: WeekGrid): WeeklyWindow[] {
  const result: WeeklyWindow[] = []
  for (const d of days) {
    if (!grid.changed.includes(d.value)) {
      result.push(...grid.stored.filter((w) => w.dayOfWeek === d.value))
      continue
    }
    const day = grid.cells[d.value]
    for (let i = 0; i < slotsPerDay; i++) {
      if (!day[i] || (i > 0 && day[i - 1])) continue
      let j = i
      while (j + 1 < slotsPerDay && day[j + 1]) j++
      result.push({ dayOfWeek: d.value, startTime: hhmmOf(i * slotMinutes), endTime: hhmmOf((j + 1) * slotMinutes) })
    }
  }
  return result
}

/** Free hours in the week, as the grid shows them. */
export function freeHours(grid: WeekGrid): number {
  return Object.values(grid.cells).reduce((sum, day) => sum + day.filter(Boolean).length, 0) * slotMinutes / 60
}
