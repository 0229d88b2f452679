// @vitest-environment jsdom
import { useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { WeeklyGrid } from './WeeklyGrid'
import { gridOf, windowsOf, type WeekGrid } from './weeklyGrid'

afterEach(cleanup)

function Harness({ onSaved }: { onSaved: (g: WeekGrid) => void }) {
  const [grid, setGrid] = useState(() => gridOf([{ dayOfWeek: 'DAY_OF_WEEK_MONDAY', startTime: '09:00', endTime: '10:00' }]))
  return <WeeklyGrid grid={grid} onChange={(g) => { setGrid(g); onSaved(g) }} />
}

describe('WeeklyGrid', () => {
  it('names each half hour and whether it is free', () => {
    render(<Harness onSaved={() => {}} />)
    expect(screen.getByRole('gridcell', { name: 'Monday 09:00 to 09:30, free' }).getAttribute('aria-selected')).toBe('true')
    expect(screen.getByRole('gridcell', { name: 'Tuesday 09:00 to 09:30, not free' })).toBeTruthy()
    expect(screen.queryByRole('gridcell', { name: /Monday 05:30/ })).toBeNull() // 06:00-22:00 unless the whole day is asked for
  })

  it('has one tab stop, moves with the arrow keys and toggles with Space', () => {
    let last: WeekGrid | undefined
    render(<Harness onSaved={(g) => { last = g }} />)
    const grid = screen.getByRole('grid', { name: 'Weekly availability' })
    expect(grid.querySelectorAll('[tabindex="0"]')).toHaveLength(1)
    const start = screen.getByRole('gridcell', { name: /^Monday 09:00/ })
    start.focus()
    fireEvent.keyDown(start, { key: 'ArrowRight' })
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' })
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Tuesday 09:30 to 10:00, not free')
    fireEvent.keyDown(document.activeElement!, { key: ' ' })
    expect(windowsOf(last!)).toEqual([
      { dayOfWeek: 'DAY_OF_WEEK_MONDAY', startTime: '09:00', endTime: '10:00' },
      { dayOfWeek: 'DAY_OF_WEEK_TUESDAY', startTime: '09:30', endTime: '10:00' },
    ])
  })

  it('sets a range by dragging down a day', () => {
    let last: WeekGrid | undefined
    render(<Harness onSaved={(g) => { last = g }} />)
    fireEvent.pointerDown(screen.getByRole('gridcell', { name: /^Wednesday 14:00/ }))
    fireEvent.pointerEnter(screen.getByRole('gridcell', { name: /^Wednesday 14:30/ }))
    fireEvent.pointerEnter(screen.getByRole('gridcell', { name: /^Wednesday 15:00/ }))
    fireEvent.pointerUp(screen.getByRole('grid'))
    expect(windowsOf(last!).filter((w) => w.dayOfWeek === 'DAY_OF_WEEK_WEDNESDAY')).toEqual([
      { dayOfWeek: 'DAY_OF_WEEK_WEDNESDAY', startTime: '14:00', endTime: '15:30' },
    ])
  })
})
