import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor, isTime, isUuid } from '../../server/db/keyset.ts'

const id = '0b6c7d5e-1f2a-4b3c-8d9e-0f1a2b3c4d5e'
const handMade = (place: unknown) => Buffer.from(JSON.stringify(place)).toString('base64url')
// This year and the next leap and common years from it: no year is written into the test.
const year = new Date().getUTCFullYear()
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
const leap = Array.from({ length: 8 }, (_, i) => year + i).find(isLeap)!
const common = Array.from({ length: 8 }, (_, i) => year + i).find(y => !isLeap(y))!

describe('list cursors (issue 14): a hand-made one is CURSOR_INVALID, never a database error', () => {
  it('reads back what it wrote', () => {
    const now = new Date()
    expect(decodeCursor(encodeCursor(now, id))).toEqual({ key: now.toISOString(), id })
    expect(decodeCursor(encodeCursor(null, id))).toEqual({ key: null, id })
  })

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['not a list', handMade({ id })],
    ['an id of 36 hyphens', handMade([null, '-'.repeat(36)])],
    ['30 February', handMade([`${year}-02-30T00:00:00.000Z`, id])],
    ['month 13', handMade([`${year}-13-01T00:00:00.000Z`, id])],
    ['year 0', handMade(['0000-01-01T00:00:00.000Z', id])],
    ['a time that is text', handMade(['yesterday', id])],
  ])('refuses %s', (_, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(expect.objectContaining({ status: 400, code: 'CURSOR_INVALID' }))
  })

  it('knows a time and an id when it sees one', () => {
    expect(isTime(`${year}-12-31T23:59:59.123456`)).toBe(true)
    expect(isTime(`${common}-02-29T00:00:00`)).toBe(false)
    expect(isTime(`${leap}-02-29T00:00:00Z`)).toBe(true)
    expect(isUuid(id.toUpperCase())).toBe(true)
    expect(isUuid(`${id}0`)).toBe(false)
  })
})
