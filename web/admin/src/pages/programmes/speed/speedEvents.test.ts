import { describe, expect, it } from 'vitest'
import { eventGrid, whenKnown } from './speedEvents'

describe('a speed event as a grid', () => {
  it('puts each conversation at its table, a dash where a table is empty in a round', () => {
    const event = {
      rounds: [
        { number: 1, startTime: 't1', conversations: [{ table: 2, mentor: 'people/m2', mentee: 'people/b' }, { table: 1, mentor: 'people/m1', mentee: 'people/a' }] },
        { number: 2, startTime: 't2', conversations: [{ table: 1, mentor: 'people/m1', mentee: 'people/b' }] },
      ],
    }
    const names: Record<string, string> = { 'people/m1': 'Grace', 'people/m2': 'Alan', 'people/a': 'Ada', 'people/b': 'Bob' }
    expect(eventGrid(event, (p) => names[p ?? ''] ?? '?')).toEqual({
      tables: [1, 2],
      rows: [
        { round: 1, start: 't1', cells: ['Grace with Ada', 'Alan with Bob'] },
        { round: 2, start: 't2', cells: ['Grace with Bob', '—'] },
      ],
    })
  })
})

describe('waiting for the plan to reach scheduling', () => {
  it('retries a not-found answer and gives up after the attempts, other refusals at once', async () => {
    let calls = 0
    const found = await whenKnown(async () => { if (++calls < 3) throw 404; return 'booked' }, (e) => e === 404, 5, 0)
    expect([found, calls]).toEqual(['booked', 3])
    calls = 0
    await expect(whenKnown(async () => { calls++; throw 404 }, (e) => e === 404, 4, 0)).rejects.toBe(404)
    expect(calls).toBe(4)
    calls = 0
    await expect(whenKnown(async () => { calls++; throw 400 }, (e) => e === 404, 4, 0)).rejects.toBe(400)
    expect(calls).toBe(1)
  })
})
