import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import errorsEn from '../../app/i18n/errors.en.json'
import errorsZh from '../../app/i18n/errors.zh-CN.json'
import { diplomaFields, disputableFields, fieldLabel, guardianFields, placementFields, studentFields } from '../../shared/recordFields.ts'

const CJK = /[\u3400-\u9FFF]/
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : []
  })
}
/** Every error code the API can answer with: literal codes in AppError and its helpers, and the error shape's own. */
const serverCodes = [...new Set(files('server').flatMap((f) => {
  const src = readFileSync(f, 'utf8')
  return [
    ...src.matchAll(/(?:AppError\(\s*\d{3},|notFound\(|conflict\(|forbidden\(|rateLimited\()\s*'([A-Z_]+)'/g),
    ...src.matchAll(/code: '([A-Z_]+)'/g),
  ].map(m => m[1]!)
}))]

describe('every API error code has words in both languages in the app', () => {
  it('found the codes', () => expect(serverCodes.length).toBeGreaterThan(60))
  it.each(serverCodes)('%s', (code) => {
    expect((errorsZh as Record<string, unknown>)[code], 'Chinese').toMatch(CJK)
    const en = (errorsEn as Record<string, unknown>)[code] as string
    expect(en, 'English').toBeTruthy()
    expect(en).not.toMatch(CJK)
  })
})

describe('record labels and coded values come from one bilingual table', () => {
  it('every field has an English label with no Chinese in it', () => {
    for (const f of [...studentFields, ...guardianFields, ...diplomaFields, ...placementFields])
      expect(f.en).not.toMatch(CJK)
    for (const field of disputableFields)
      expect(fieldLabel(field, false, 'en'), field).not.toMatch(CJK)
  })
})
