import { describe, expect, it } from 'vitest'
import { chooseEncoding } from '../../server/http/compress.ts'

describe('the encoding of an API answer', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=0, *', null], // a refusal stands, whatever * says
    ['*', 'gzip'],
    ['identity', null],
    ['BR;Q=0.5, GZIP;q=1', 'br'],
    ['', null],
    [undefined, null],
  ] as const)('%s → %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected)
  })
})
