import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { basisInWords } from '../../shared/citations.ts'
import { correctionRule, educationLevels, recordStages } from '../../shared/corrections/policy.ts'
import { disputableFields } from '../../shared/recordFields.ts'

// An internal citation ("003:13", "004:1(2)") or a product-decision marker ("design").
const CODE = /\b\d{3}:\d|\bdesign\b/

describe('people see a rule\'s basis in words, not internal codes (issue 13 item 5)', () => {
  const citations = [...new Set(educationLevels.flatMap(l => recordStages.flatMap(s => disputableFields.map(f => correctionRule(f, l, s).citation))))]

  it.each(citations)('%s', (citation) => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const words = basisInWords(citation, locale)
      expect(words).not.toMatch(CODE)
      expect(words.length).toBeGreaterThan(5)
    }
    expect(basisInWords(citation)).toMatch(/《.+》/)
  })

  it('a primary pupil\'s ordinary field names the K-12 notice first, not the vocational rules alone', () => {
    const words = basisInWords(correctionRule('student.currentAddress', 'k12', 'inSchool').citation)
    expect(words).toContain('《关于进一步做好中小学生学籍管理有关工作的通知》')
    expect(words.indexOf('中小学生学籍管理')).toBeLessThan(words.indexOf('中等职业'))
  })

  it('no message in the app\'s language files carries a citation', () => {
    for (const file of readdirSync('app/i18n').filter(f => f.endsWith('.json'))) {
      const walk = (v: unknown, path: string): void => {
        if (typeof v === 'string')
          expect(v, `${file} ${path}`).not.toMatch(CODE)
        else if (v && typeof v === 'object')
          Object.entries(v).forEach(([k, x]) => walk(x, `${path}.${k}`))
      }
      walk(JSON.parse(readFileSync(`app/i18n/${file}`, 'utf8')), '')
    }
  })
})
