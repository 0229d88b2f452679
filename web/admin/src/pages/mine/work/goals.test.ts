import { describe, expect, it } from 'vitest'
import { milestoneProgress, milestonesFrom, withMilestoneDone } from './goals'

describe('goals', () => {
  it('reads one milestone per non-empty line', () => {
    expect(milestonesFrom('  Shadow a lead \n\n Run a stand-up\n ')).toEqual([{ title: 'Shadow a lead' }, { title: 'Run a stand-up' }])
  })

  it('ticks one milestone and leaves the others as they were', () => {
    const before = [{ title: 'a', done: true }, { title: 'b' }, { title: 'c', owner: 'people/x' }]
    const after = withMilestoneDone(before, 1, true)
    expect(after).toEqual([{ title: 'a', done: true }, { title: 'b', done: true }, { title: 'c', owner: 'people/x' }])
    expect(before[1]).toEqual({ title: 'b' })
    expect(withMilestoneDone(after, 0, false)[0]).toEqual({ title: 'a', done: false })
  })

  it('gives the share of milestones done, rounded, and nothing without milestones', () => {
    expect(milestoneProgress([{ title: 'a', done: true }, { title: 'b' }, { title: 'c' }])).toBe(33)
    expect(milestoneProgress([{ title: 'a', done: true }, { title: 'b', done: true }])).toBe(100)
    expect(milestoneProgress([])).toBeUndefined()
    expect(milestoneProgress(undefined)).toBeUndefined()
  })
})
