import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor, isTime, isUuid } from '../../server/db/keyset.ts'

const id = '0b6c7d5e-1f2a-4b3c-8d9e-0f1a2b3c4d5e'
const handMade = (place: unknown) => Buffer.from(JSON.stringify(place)).toString('base64url')

describe('list cursors (issue 14): a hand-made one is CURSOR_INVALID, never a database error', () => {
  it('reads back what it wrote', () => {
    expect(decodeCursor(encodeCursor(new Date('2026-03-02T01:02:03.456Z'), id))).toEqual({ key: '2026-03-02T01:02:03.456Z', id })
    expect(decodeCursor(encodeCursor(null, id))).toEqual({ key: null, id })
  })

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['not a list', handMade({ id })],
    ['an id of 36 hyphens', handMade([null, '-'.repeat(36)])],
    ['30 February', handMade(['2026-02-30T00:00:00.000Z', id])],
    ['month 13', handMade(['2026-13-01T00:00:00.000Z', id])],
    ['year 0', handMade(['0000-01-01T00:00:00.000Z', id])],
    ['a time that is text', handMade(['yesterday', id])],
  ])('refuses %s', (_, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(expect.objectContaining({ status: 400, code: 'CURSOR_INVALID' }))
  })

  it('knows a time and an id when it sees one', () => {
    expect(isTime('2026-12-04T23:59:59.123456')).toBe(true)
    expect(isTime('2026-02-29T00:00:00')).toBe(false) // not a leap year
    expect(isTime('2028-02-29T00:00:00Z')).toBe(true)
    expect(isUuid(id.toUpperCase())).toBe(true)
    expect(isUuid(`${id}0`)).toBe(false)
  })
})
