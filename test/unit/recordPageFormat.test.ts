import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PAGE_FORMAT } from '../../server/features/records/present.ts'

// The code that decides what a stored record page says (issue 14: pages are stored and served as
// stored). A change to any of these files may change the page: bump PAGE_FORMAT in present.ts if it
// does (stored pages are then built again), and record the files' new hash under that format here.
const pageCode = [
  'server/features/records/present.ts',
  'shared/recordFields.ts',
  'shared/idNumber.ts',
  'shared/corrections/officialSystem.ts',
  'shared/certificates/statement.ts',
]
const hashOfFormat: Record<number, string> = {
  1: 'dab6c4bba43827ae',
}

describe('the stored record page\'s format', () => {
  it('is bumped (or confirmed) whenever the code that builds the page changes', () => {
    const hash = createHash('sha256')
    for (const file of pageCode)
      hash.update(readFileSync(file, 'utf8').replace(/export const PAGE_FORMAT = \d+/, ''))
    expect(hash.digest('hex').slice(0, 16), `the record page's code changed: bump PAGE_FORMAT if the page changes, then record this hash under it`).toBe(hashOfFormat[PAGE_FORMAT])
  })
})
