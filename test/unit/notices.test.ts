import type { NoticeKind } from '../../shared/notices.ts'
import { describe, expect, it } from 'vitest'
import { assertSafeParams } from '../../server/features/notifications/sms.ts'
import { renderSms, smsTemplates, templateKind, templateSetting } from '../../server/sms/gateway.ts'
import { kindsFor, noticeKinds, noticeWanted } from '../../shared/notices.ts'

describe('who gets an SMS notice of a kind (design: citizens opt out, officers opt in)', () => {
  const none = new Map<NoticeKind, boolean>()
  it.each([
    ['accepted', 'citizen', none, true],
    ['accepted', 'citizen', new Map([['accepted', false]]), false],
    ['closed', 'citizen', new Map([['accepted', false]]), true], // turning one kind off leaves the others
    ['dueSoon', 'officer', none, false],
    ['dueSoon', 'officer', new Map([['dueSoon', true]]), true],
    ['overdue', 'officer', new Map([['dueSoon', true]]), false],
    ['dueSoon', 'citizen', new Map([['dueSoon', true]]), false], // never a kind meant for the other audience
    ['accepted', 'officer', new Map([['accepted', true]]), false],
  ] as const)('%s to a %s with %o: %s', (kind, who, saved, wanted) => {
    expect(noticeWanted(kind, who, saved as Map<NoticeKind, boolean>)).toBe(wanted)
  })
  it('every kind belongs to one audience', () => {
    expect([...kindsFor('citizen'), ...kindsFor('officer')].sort()).toEqual([...noticeKinds].sort())
  })
})

describe('notice templates: parameters only, nothing personal', () => {
  const notices = Object.keys(templateKind) as (keyof typeof templateKind)[]
  it.each(notices)('%s has a setting, a kind and a text that uses exactly its parameters', (template) => {
    expect(templateSetting[template]).toMatch(/^SMS_TEMPLATE_[A-Z_]+$/)
    const params = Object.fromEntries(smsTemplates[template].map(p => [p, `<${p}>`]))
    const text = renderSms({ phone: '13800000000', template, params })
    expect(text.startsWith('【学籍通】')).toBe(true)
    for (const p of smsTemplates[template])
      expect(text).toContain(`<${p}>`)
    expect(text.length).toBeLessThanOrEqual(70) // short: one 70-character segment before its parameters are filled in
  })
  it('refuses a parameter that is a name, free text or an identity number', () => {
    expect(() => assertSafeParams('complaintRejected', { date: '2026-11-23' })).not.toThrow()
    expect(() => assertSafeParams('certificateIssued', { date: '2026-11-23', number: '2026-4141019911-K7QM-3XD9-P2H7' })).not.toThrow()
    expect(() => assertSafeParams('complaintRejected', { date: '李梓涵' })).toThrow()
    expect(() => assertSafeParams('complaintRejected', { date: '410102201703150025' })).toThrow()
    expect(() => assertSafeParams('complaintRejected', { date: '2026-11-23', reason: 'X' })).toThrow()
    expect(() => assertSafeParams('complaintAccepted', { date: '2026-11-23' })).toThrow() // a parameter missing
  })
})
