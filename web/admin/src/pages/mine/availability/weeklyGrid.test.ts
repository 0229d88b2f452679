import { describe, expect, it } from 'vitest'
import { freeHours, gridOf, setCells, slotsPerDay, windowsOf, type WeeklyWindow } from './weeklyGrid'

const w = (dayOfWeek: WeeklyWindow['dayOfWeek'], startTime: string, endTime: string): WeeklyWindow => ({ dayOfWeek, startTime, endTime })

describe('the weekly availability grid', () => {
  it('shows a window as its half-hour cells and gives it back unchanged', () => {
    const stored = [w('DAY_OF_WEEK_MONDAY', '09:00', '12:30'), w('DAY_OF_WEEK_FRIDAY', '14:00', '17:00')]
    const grid = gridOf(stored)
    expect(grid.cells.DAY_OF_WEEK_MONDAY.filter(Boolean)).toHaveLength(7)
    expect(grid.cells.DAY_OF_WEEK_MONDAY[18]).toBe(true) // 09:00
    expect(grid.cells.DAY_OF_WEEK_MONDAY[25]).toBe(false) // 12:30
    expect(freeHours(grid)).toBe(6.5)
    expect(windowsOf(grid)).toEqual(stored)
  })

  it('keeps the exact windows of days nobody touched, even off the half hours', () => {
    const stored = [w('DAY_OF_WEEK_TUESDAY', '09:15', '10:45'), w('DAY_OF_WEEK_WEDNESDAY', '08:00', '09:00')]
    const grid = setCells(gridOf(stored), 'DAY_OF_WEEK_WEDNESDAY', 16, 16, false)
    expect(grid.cells.DAY_OF_WEEK_TUESDAY.filter(Boolean)).toHaveLength(2) // 09:30-10:30 shown
    expect(windowsOf(grid)).toEqual([w('DAY_OF_WEEK_TUESDAY', '09:15', '10:45'), w('DAY_OF_WEEK_WEDNESDAY', '08:30', '09:00')])
  })

  it('merges touching cells into one window, in either drag direction, and ends the day at 24:00', () => {
    let grid = gridOf([])
    grid = setCells(grid, 'DAY_OF_WEEK_THURSDAY', 21, 18, true) // dragged upwards: 09:00-11:00
    grid = setCells(grid, 'DAY_OF_WEEK_THURSDAY', 22, 23, true) // 11:00-12:00 touches it
    grid = setCells(grid, 'DAY_OF_WEEK_SUNDAY', slotsPerDay - 2, slotsPerDay - 1, true)
    expect(windowsOf(grid)).toEqual([w('DAY_OF_WEEK_THURSDAY', '09:00', '12:00'), w('DAY_OF_WEEK_SUNDAY', '23:00', '24:00')])
  })

  it('splits a window when a cell inside it is cleared, and drops a day cleared whole', () => {
    let grid = gridOf([w('DAY_OF_WEEK_MONDAY', '09:00', '11:00'), w('DAY_OF_WEEK_SATURDAY', '10:00', '11:00')])
    grid = setCells(grid, 'DAY_OF_WEEK_MONDAY', 19, 19, false)
    grid = setCells(grid, 'DAY_OF_WEEK_SATURDAY', 0, slotsPerDay - 1, false)
    expect(windowsOf(grid)).toEqual([w('DAY_OF_WEEK_MONDAY', '09:00', '09:30'), w('DAY_OF_WEEK_MONDAY', '10:00', '11:00')])
  })
})
