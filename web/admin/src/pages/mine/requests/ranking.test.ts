import { describe, expect, it } from 'vitest'
import { moveRanked, toggleRanked } from './ranking'

describe('ranking the mentors asked', () => {
  it('ranks in the order picked and forgets an unpicked one', () => {
    let r = toggleRanked([], 'people/b', true)
    r = toggleRanked(r, 'people/a', true)
    expect(r).toEqual(['people/b', 'people/a'])
    expect(toggleRanked(r, 'people/b', false)).toEqual(['people/a'])
    expect(toggleRanked(r, 'people/b', true)).toEqual(['people/a', 'people/b'])
  })

  it('moves one place at a time and not past either end', () => {
    const r = ['people/a', 'people/b', 'people/c']
    expect(moveRanked(r, 'people/c', -1)).toEqual(['people/a', 'people/c', 'people/b'])
    expect(moveRanked(r, 'people/a', 1)).toEqual(['people/b', 'people/a', 'people/c'])
    expect(moveRanked(r, 'people/a', -1)).toBe(r)
    expect(moveRanked(r, 'people/c', 1)).toBe(r)
    expect(moveRanked(r, 'people/x', 1)).toBe(r)
  })
})
