import { describe, expect, it } from 'vitest'
import { changeInBatches } from '../../server/sla/due.ts'

const pause = (ms: number) => new Promise(r => setTimeout(r, ms))

describe('changeInBatches (a sweep pass\'s changes, a transaction per batch, lanes side by side)', () => {
  it('makes each change once, in batches, at most `width` batches at a time, and counts every one', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => i)
    const made: number[] = []
    let inFlight = 0
    let most = 0
    const counted = await changeInBatches(rows, { width: 4, batch: 5 }, async (batch) => {
      expect(batch.length).toBeLessThanOrEqual(5)
      most = Math.max(most, ++inFlight)
      await pause(batch[0]! % 3) // batches finish out of order
      made.push(...batch)
      inFlight--
      return batch.filter(row => row % 5 !== 0).length // some rows have changed meanwhile (a conditional update finds nothing)
    })
    expect(made.sort((a, b) => a - b)).toEqual(rows)
    expect(most).toBe(4)
    expect(counted).toBe(40)
  })

  it('keeps the rows of one key in one lane, so no two batches take the same counter at once', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ i, unit: i % 3 === 0 ? 'city-a' : i % 3 === 1 ? 'city-b' : null }))
    const holding = new Set<string>()
    let lanesAtOnce = 0
    const counted = await changeInBatches(rows, { width: 4, batch: 4, laneOf: r => r.unit }, async (batch) => {
      const units = [...new Set(batch.map(r => r.unit).filter(u => u !== null))]
      for (const u of units) {
        expect(holding.has(u)).toBe(false)
        holding.add(u)
      }
      lanesAtOnce = Math.max(lanesAtOnce, holding.size)
      await pause(2)
      units.forEach(u => holding.delete(u))
      return batch.length
    })
    expect(counted).toBe(60)
    expect(lanesAtOnce).toBe(2) // the two cities did run side by side
  })

  it('runs nothing for no rows, and one batch at a time with width 1', async () => {
    expect(await changeInBatches([], { width: 4, batch: 10 }, async () => 1)).toBe(0)
    let inFlight = 0
    let most = 0
    expect(await changeInBatches([1, 2, 3], { width: 1, batch: 2 }, async (batch) => {
      most = Math.max(most, ++inFlight)
      await pause(1)
      inFlight--
      return batch.length
    })).toBe(3)
    expect(most).toBe(1)
  })

  it('runs a failed batch again a row at a time, so one bad row holds back only itself', async () => {
    const done: number[] = []
    const pass = changeInBatches(Array.from({ length: 10 }, (_, i) => i), { width: 1, batch: 5 }, async (batch) => {
      if (batch.includes(7))
        throw new Error('check constraint violated')
      done.push(...batch)
      return batch.length
    })
    await expect(pass).rejects.toThrow('check constraint violated')
    expect(done).toEqual([0, 1, 2, 3, 4, 5, 6]) // the batch 5–9 alone: 5, 6, then 7 fails and no further row starts
  })

  it('after a row fails alone starts no further batch, and ends with the error only once the lanes under way have', async () => {
    const started: number[] = []
    let open = 0
    const pass = changeInBatches(Array.from({ length: 20 }, (_, i) => i), { width: 4, batch: 1 }, async ([row]) => {
      started.push(row!)
      open++
      await pause(row === 0 ? 1 : 20)
      open--
      if (row === 0)
        throw new Error('deadlock detected')
      return 1
    })
    await expect(pass).rejects.toThrow('deadlock detected')
    expect(open).toBe(0)
    expect(started.sort((a, b) => a - b)).toEqual([0, 1, 2, 3])
  })
})
