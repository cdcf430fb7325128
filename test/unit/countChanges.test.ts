import { describe, expect, it } from 'vitest'
import { countChanges } from '../../server/sla/due.ts'

describe('countChanges (a sweep pass\'s changes, several at a time)', () => {
  it('makes each change once, at most `width` at a time, and counts every one', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => i)
    const made: number[] = []
    let inFlight = 0
    let most = 0
    const counted = await countChanges(rows, 4, async (row) => {
      most = Math.max(most, ++inFlight)
      await new Promise(r => setTimeout(r, row % 3)) // changes finish out of order
      made.push(row)
      inFlight--
      return row % 5 === 0 ? 0 : 1 // some rows have changed meanwhile (a conditional update finds nothing)
    })
    expect(made.sort((a, b) => a - b)).toEqual(rows)
    expect(most).toBe(4)
    expect(counted).toBe(40)
  })

  it('runs nothing for no rows, and one at a time with width 1', async () => {
    expect(await countChanges([], 4, async () => 1)).toBe(0)
    let inFlight = 0
    let most = 0
    expect(await countChanges([1, 2, 3], 1, async () => {
      most = Math.max(most, ++inFlight)
      await new Promise(r => setTimeout(r, 1))
      inFlight--
      return 1
    })).toBe(3)
    expect(most).toBe(1)
  })

  it('after a failure starts no further row, and ends with the error only once the changes under way have', async () => {
    const started: number[] = []
    let open = 0
    const pass = countChanges(Array.from({ length: 20 }, (_, i) => i), 4, async (row) => {
      started.push(row)
      open++
      await new Promise(r => setTimeout(r, row === 0 ? 1 : 20))
      open--
      if (row === 0)
        throw new Error('deadlock detected')
      return 1
    })
    await expect(pass).rejects.toThrow('deadlock detected')
    expect(open).toBe(0)
    expect(started).toEqual([0, 1, 2, 3])
  })
})
