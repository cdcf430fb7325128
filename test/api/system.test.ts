import type { TestServer } from './harness.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { statutoryHolidays } from '../../shared/calendar/statutory.ts'
import { firstUnknownYear, weekdaysAfter } from '../support/calendarYears.ts'
import { databaseKinds, startServer } from './harness.ts'

describe.each(databaseKinds)('system endpoints on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind, { students: 5 }) })
  afterAll(async () => { await s.close() })

  it('health names the database in use', async () => {
    expect(await (await fetch(`${s.baseUrl}/api/health`)).json()).toEqual({ status: 'ok', database: kind })
  })

  it.each([
    ['2025-09-30', 1, '2025-10-09'], // 国庆 + 中秋 2025: 10-01..10-08 off
    ['2026-02-13', 1, '2026-02-14'], // 2026-02-14 (Sat) is a 调休 working day before 春节
    ['2024-04-03', 1, '2024-04-07'], // 清明 2024: 04-04..06 off, 04-07 (Sun) worked
  ])('N working days after %s (+%i) is %s (DOMAIN §5)', async (from, days, date) => {
    const res = await fetch(`${s.baseUrl}/api/calendar/add?from=${from}&days=${days}`)
    expect(await res.json()).toEqual({ date, provisional: false })
  })

  it.each([[`${firstUnknownYear}-03-01`, 5], [`${firstUnknownYear - 1}-12-31`, 1], [`${firstUnknownYear}-09-28`, 5]])('past the published schedules, %s +%i counts weekends and the 办法\'s holidays, flagged provisional', async (from, days) => {
    const off = new Set(Object.keys(statutoryHolidays(firstUnknownYear)))
    const res = await fetch(`${s.baseUrl}/api/calendar/add?from=${from}&days=${days}`)
    const answer = await res.json() as { date: string }
    expect(answer).toEqual({ date: weekdaysAfter(from, days, off), provisional: true })
    expect(answer.date).not.toBe(`${firstUnknownYear}-01-01`) // 元旦 is off, whatever year it is
  })

  it.each([
    ['from=2025-02-30&days=1', 'from'],
    ['from=2025-01-01&days=-1', 'days'],
    ['from=2025-01-01&days=abc', 'days'],
    ['days=3', 'from'],
  ])('a bad calendar query (%s) is a 400 naming the parameter', async (query, path) => {
    const res = await fetch(`${s.baseUrl}/api/calendar/add?${query}`)
    expect(res.status).toBe(400)
    const body = await res.json() as any
    expect(body.code).toBe('VALIDATION_FAILED')
    expect(body.issues[0].path).toBe(path)
  })

  it('a body that is not JSON is a 400, not a 500', async () => {
    const res = await fetch(`${s.baseUrl}/api/auth/sms/send`, { method: 'POST', headers: { 'content-type': 'application/json', 'origin': s.baseUrl }, body: '{"phone":' })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ code: 'BAD_REQUEST', message: '请求无法处理' })
  })

  it('an unknown API path is a 404 in the error shape', async () => {
    const res = await fetch(`${s.baseUrl}/api/nope`)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ code: 'NOT_FOUND', message: '接口不存在' })
  })

  it('the OpenAPI document describes the stable endpoints', async () => {
    const doc = await (await fetch(`${s.baseUrl}/api/openapi.json`)).json() as any
    expect(doc.openapi).toBe('3.1.0')
    for (const path of ['/health', '/calendar/add', '/auth/sms/send', '/auth/sms/verify', '/auth/officer', '/me', '/dev/sms-outbox', '/dev/demo-accounts'])
      expect(Object.keys(doc.paths)).toContain(path)
  })
})
