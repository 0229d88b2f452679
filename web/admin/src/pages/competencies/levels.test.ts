import { describe, expect, it } from 'vitest'
import { levelsOf, levelsText } from './levels'

describe('a level scale as text', () => {
  it('reads one level a line, label then meaning, and writes it back the same way', () => {
    const text = 'Aware: knows the basics\n  Practitioner : does it weekly\n\nExpert'
    const levels = levelsOf(text)
    expect(levels).toEqual([
      { label: 'Aware', description: 'knows the basics' },
      { label: 'Practitioner', description: 'does it weekly' },
      { label: 'Expert', description: '' },
    ])
    expect(levelsText(levels)).toBe('Aware: knows the basics\nPractitioner: does it weekly\nExpert')
    expect(levelsOf(levelsText(levels))).toEqual(levels)
  })
})
