import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import errorsEn from '../../app/i18n/errors.en.json'
import errorsZh from '../../app/i18n/errors.zh-CN.json'
import noticesEn from '../../app/i18n/notices.en.json'
import { policyInEnglish } from '../../shared/corrections/inEnglish.ts'
import { CHANGE_TYPES } from '../../shared/imports/events.ts'
import { diplomaFields, disputableFields, fieldLabel, guardianFields, placementFields, studentFields } from '../../shared/recordFields.ts'
import { valueText } from '../../shared/recordValues.ts'
import { issueInEnglish } from '../../shared/schemas/messagesEn.ts'

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
    // The error shape's own codes, answered by the HTTP layer (issue codes elsewhere are not error codes).
    ...(f.startsWith('server/http') || f === 'server/app.ts' ? src.matchAll(/code: '([A-Z_]+)'/g) : []),
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

describe('every field message of the shared schemas and rules has English words', () => {
  const sources = [...files('shared/schemas').filter(f => !f.endsWith('messagesEn.ts')), 'shared/idNumber.ts', 'shared/corrections/values.ts']
  // Literal messages; coded values (男, 是 …) and template pieces are left to recordValues and the patterns.
  const messages = [...new Set(sources.flatMap(f => [...readFileSync(f, 'utf8').matchAll(/'([^\n'\u4E00-\u9FFF]*[\u4E00-\u9FFF][^\n']*)'/g)].map(m => m[1]!)))]
    .filter(m => m.length > 2)
  it('found the messages', () => expect(messages.length).toBeGreaterThan(60))
  it.each(messages)('%s', (m) => {
    const en = issueInEnglish(m)
    expect(en).not.toBe(m)
  })
  it.each([['请填写事情经过（至少 10 个字）'], ['理由请控制在 500 字以内'], ['身份证号码应为 18 位，现在是 17 位']])('%s (built from a template)', (m) => {
    expect(issueInEnglish(m)).not.toMatch(CJK)
  })
})

describe('every in-app notice the server writes has English words in the app', () => {
  // A notice's kind, as the calls write it: `kind: 'case.closed'` or `kind: late ? 'a.b' : 'a.c'`.
  const kinds = [...new Set(files('server/features').flatMap(f => [...readFileSync(f, 'utf8').matchAll(/kind: (?:\w+ \? )?'([a-z]+\.[a-zA-Z]+)'(?: : '([a-z]+\.[a-zA-Z]+)')?/g)].flatMap(m => [m[1]!, m[2]].filter(k => !!k) as string[])))]
  const inbox = (noticesEn as { inbox: Record<string, Record<string, string>> }).inbox
  it('found the kinds', () => expect(kinds.length).toBeGreaterThan(30))
  it.each(kinds)('%s', (kind) => {
    const words = inbox[kind.replace('.', '_')]
    expect(words, 'template').toBeTruthy()
    expect(typeof words!.title).toBe('string')
    expect(typeof words!.body).toBe('string')
    for (const text of Object.values(words!))
      expect(text).not.toMatch(CJK)
  })
})

describe('every text of the correction policy (steps, explanations, proofs) has English words', () => {
  const texts = [...new Set([...readFileSync('shared/corrections/policy.ts', 'utf8').matchAll(/'([^\n'\u4E00-\u9FFF]*[\u4E00-\u9FFF][^\n']*)'/g)].map(m => m[1]!))]
    .filter(text => !text.startsWith('design')) // citations, for officers
  it('found the texts', () => expect(texts.length).toBeGreaterThan(30))
  it.each(texts)('%s', (text) => {
    expect(policyInEnglish[text]).toBeTruthy()
    expect(policyInEnglish[text]).not.toMatch(CJK)
  })
})

describe('every kind of 学籍异动 a record\'s timeline names has English words', () => {
  it.each([...CHANGE_TYPES])('%s', (changeType) => {
    expect(valueText(changeType, 'en')).not.toMatch(CJK)
  })
})
