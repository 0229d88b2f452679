import { useRef, useState, type KeyboardEvent } from 'react'
import { days, hhmmOf, setCells, slotMinutes, slotsPerDay, type DayOfWeek, type WeekGrid } from './weeklyGrid'

const dayHours = { first: (6 * 60) / slotMinutes, last: (22 * 60) / slotMinutes - 1 } // 06:00-22:00 unless the whole day is shown

/**
 * The week as a grid of half hours (ARIA grid: one tab stop, arrow keys move, Space or Enter
 * toggles, Shift+arrow extends the selection; with a mouse, drag down a day to set a range).
 */
export function WeeklyGrid({ grid, onChange }: { grid: WeekGrid; onChange: (g: WeekGrid) => void }) {
  const [wholeDay, setWholeDay] = useState(false)
  const first = wholeDay ? 0 : dayHours.first
  const last = wholeDay ? slotsPerDay - 1 : dayHours.last
  const [focus, setFocus] = useState({ day: 0, slot: (9 * 60) / slotMinutes })
  const drag = useRef<{ day: DayOfWeek; from: number; free: boolean } | null>(null)
  const cells = useRef(new Map<string, HTMLTableCellElement>())

  const label = (day: number, slot: number) =>
    `${days[day].label} ${hhmmOf(slot * slotMinutes)} to ${hhmmOf((slot + 1) * slotMinutes)}, ${grid.cells[days[day].value][slot] ? 'free' : 'not free'}`
  const move = (day: number, slot: number) => {
    const next = { day: Math.max(0, Math.min(days.length - 1, day)), slot: Math.max(first, Math.min(last, slot)) }
    setFocus(next)
    cells.current.get(`${next.day}:${next.slot}`)?.focus()
    return next
  }
  const toggle = (day: number, slot: number) =>
    onChange(setCells(grid, days[day].value, slot, slot, !grid.cells[days[day].value][slot]))

  const onKey = (e: KeyboardEvent) => {
    const { day, slot } = focus
    const step: Record<string, [number, number]> = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] }
    if (step[e.key]) {
      e.preventDefault()
      const to = move(day + step[e.key][0], slot + step[e.key][1])
      // Shift extends down or up a day with the focused cell's value
      if (e.shiftKey && to.day === day && to.slot !== slot)
        onChange(setCells(grid, days[day].value, to.slot, to.slot, grid.cells[days[day].value][slot]))
    } else if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault()
      toggle(day, slot)
    }
  }

  const rows = []
  for (let slot = first; slot <= last; slot++) rows.push(slot)
  return (
    <div>
      <label className="choice">
        <input type="checkbox" checked={wholeDay} onChange={(e) => setWholeDay(e.target.checked)} />
        Show the whole day (00:00 to 24:00)
      </label>
      <table role="grid" aria-label="Weekly availability" className="week-grid" onKeyDown={onKey}
        onPointerUp={() => { drag.current = null }} onPointerLeave={() => { drag.current = null }}>
        <thead>
          <tr>
            <th scope="col"><span className="visually-hidden">Time</span></th>
            {days.map((d) => <th key={d.value} scope="col">{d.label.slice(0, 3)}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map((slot) => (
            <tr key={slot}>
              <th scope="row">{slot % 2 === 0 ? hhmmOf(slot * slotMinutes) : <span className="visually-hidden">{hhmmOf(slot * slotMinutes)}</span>}</th>
              {days.map((d, day) => {
                const free = grid.cells[d.value][slot]
                const focused = focus.day === day && focus.slot === slot
                return (
                  <td key={d.value} role="gridcell" aria-selected={free} aria-label={label(day, slot)}
                    tabIndex={focused ? 0 : -1} className={free ? 'free' : undefined}
                    ref={(el) => { if (el) cells.current.set(`${day}:${slot}`, el); else cells.current.delete(`${day}:${slot}`) }}
                    onPointerDown={(e) => {
                      e.preventDefault()
                      setFocus({ day, slot })
                      drag.current = { day: d.value, from: slot, free: !free }
                      onChange(setCells(grid, d.value, slot, slot, !free))
                    }}
                    onPointerEnter={() => {
                      const g = drag.current
                      if (g && g.day === d.value) onChange(setCells(grid, d.value, g.from, slot, g.free))
                    }}
                  />
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
