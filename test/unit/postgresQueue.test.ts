import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'

// postgres.js 3.4.9 keeps its connection queues in an array that, while every connection is busy,
// only grows (a shifted slot becomes a hole; the array is reset only when the queue empties), and
// searches it from the start on every query: under sustained load each query cost more than the last
// (issue 14: the 40 s bench ceiling halved). patches/postgres+3.4.9.patch searches from the head and
// drops the dead half once it is half the array. The queue is internal, so it is read from its file.
const require = createRequire(import.meta.url)
const queueFile = join(dirname(require.resolve('postgres')), 'queue.js')
const Queue = require(queueFile) as <T>() => { length: number, push: (x: T) => T, shift: () => T, remove: (x: T) => T | null }

describe('the patched postgres.js queue', () => {
  it('is the patched one, in both the CommonJS and the ES module copies', () => {
    for (const file of [queueFile, join(dirname(queueFile), '../../src/queue.js')])
      expect(readFileSync(file, 'utf8')).toContain('xs.indexOf(x, index)')
  })

  it('stays first in, first out across its compactions, with removals from the middle', () => {
    const q = Queue<number>()
    const model: number[] = []
    let next = 0
    // Always some items waiting, as when every connection is busy: the case that never reset the array.
    for (let round = 0; round < 5000; round++) {
      for (let k = 0; k < 3; k++) {
        q.push(next)
        model.push(next++)
      }
      expect(q.shift()).toBe(model.shift())
      expect(q.shift()).toBe(model.shift())
      if (round % 7 === 0 && model.length > 2) {
        const middle = model.splice(1, 1)[0]!
        expect(q.remove(middle)).toBe(middle)
      }
      expect(q.remove(-1)).toBeNull()
      expect(q.length).toBe(model.length)
    }
    while (model.length)
      expect(q.shift()).toBe(model.shift())
    expect(q.length).toBe(0)
  })

  it('finds nothing already taken out', () => {
    const q = Queue<string>()
    q.push('a')
    q.push('b')
    q.push('c')
    expect(q.shift()).toBe('a')
    expect(q.remove('a')).toBeNull()
    expect(q.remove('c')).toBe('c')
    expect(q.shift()).toBe('b')
    expect(q.length).toBe(0)
  })
})
