import type { TestServer, Visitor } from './harness.ts'
import { Buffer } from 'node:buffer'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { smsCodes } from '../../server/db/schema/index.ts'
import { complaintInput, officer, primary } from './complaintsKit.ts'
import { databaseKinds, outboxCode, signIn, startServer } from './harness.ts'

const NUL = '\u0000'
let phones = 0

describe.each(databaseKinds)('the edge holds against hostile requests on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterAll(async () => { await s.close() })

  /** A raw request carrying the visitor's cookie, with headers of our choosing. */
  const raw = (v: Visitor, path: string, init: RequestInit & { headers?: Record<string, string> } = {}) => fetch(`${s.baseUrl}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', 'cookie': [...v.cookies].map(([k, val]) => `${k}=${val}`).join('; '), ...init.headers },
  })

  it('50 wrong guesses sent at once with the right code compare at most 5 codes (issue 9, defect 1)', async () => {
    const v = s.visitor()
    const phone = '13800000901'
    await v.api.auth.sms.send.$post({ json: { phone } })
    const code = await outboxCode(v, phone)
    const wrong = code === '000000' ? '111111' : '000000'
    const answers = await Promise.all([
      ...Array.from({ length: 50 }, () => v.api.auth.sms.verify.$post({ json: { phone, code: wrong } })),
      v.api.auth.sms.verify.$post({ json: { phone, code } }),
    ].map(async r => (await r).json() as Promise<{ code?: string }>))
    const [row] = await s.database.db.select({ attempts: smsCodes.attempts }).from(smsCodes).where(eq(smsCodes.phone, phone))
    // Each comparison first claims an attempt: the row counts exactly the comparisons made.
    expect(row!.attempts).toBe(5)
    expect(answers.filter(a => a.code === 'CODE_WRONG').length).toBeLessThanOrEqual(4)
    expect(answers.filter(a => a.code === 'CODE_LOCKED').length).toBeGreaterThanOrEqual(46)
  })

  it.each([
    ['binding', '/api/bindings', { relation: 'self', name: `张${NUL}三`, idNumber: primary.record.idNumber }],
    ['complaint', '/api/complaints', { ...complaintInput(), description: `孩子的出生日期登记错了${NUL}，学校说改不了，已经两个月。` }],
    ['dispute', `/api/records/${'00000000-0000-4000-8000-000000000000'}/disputes`, { requestId: crypto.randomUUID(), field: 'student.name', explanation: `名字${NUL}错了` }],
  ])('a NUL in a %s is refused with 400 CONTROL_CHARACTER, and nothing personal reaches the log (defect 4)', async (_what, path, body) => {
    const v = s.visitor()
    await signIn(v, `1380000091${++phones}`)
    const res = await raw(v, path, { method: 'POST', body: JSON.stringify(body), headers: { origin: s.baseUrl } })
    expect(res.status).toBe(400)
    const answer = await res.json() as { code: string, issues: { code: string }[] }
    expect(answer.code).toBe('VALIDATION_FAILED')
    expect(answer.issues.map(i => i.code)).toContain('CONTROL_CHARACTER')
  })

  it('a NUL in an officer sign-in without a session, and in a search, is refused the same way', async () => {
    const login = await fetch(`${s.baseUrl}/api/auth/officer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `zhongyuan${NUL}`, password: 'x' }) })
    expect(login.status).toBe(400)
    expect((await login.json() as any).issues[0].code).toBe('CONTROL_CHARACTER')
    const officerVisitor = await officer(s, 'zhongyuan.officer')
    const search = await raw(officerVisitor, '/api/officer/records/search', { method: 'POST', body: JSON.stringify({ q: `孙${NUL}` }), headers: { origin: s.baseUrl } })
    expect(search.status).toBe(400)
    expect((await search.json() as any).issues[0].code).toBe('CONTROL_CHARACTER')
  })

  it('a lone surrogate is refused rather than silently stored as U+FFFD', async () => {
    const v = s.visitor()
    await signIn(v, '13800000921')
    const res = await raw(v, '/api/bindings', { method: 'POST', body: `{"relation":"self","name":"\\ud800","idNumber":"${primary.record.idNumber}"}`, headers: { origin: s.baseUrl } })
    expect(res.status).toBe(400)
    expect((await res.json() as any).issues[0].code).toBe('CONTROL_CHARACTER')
  })

  it('a JSON POST from another site is refused whatever its content type; the app\'s own origin passes (defect 5)', async () => {
    const v = s.visitor()
    await signIn(v, '13800000922')
    const body = JSON.stringify({ relation: 'self', name: primary.record.name, idNumber: primary.record.idNumber })
    for (const headers of [{ origin: 'https://evil.example' } as Record<string, string>, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'null' }]) {
      const res = await raw(v, '/api/bindings', { method: 'POST', body, headers })
      expect(res.status, JSON.stringify(headers)).toBe(403)
      expect((await res.json() as any).code).toBe('CROSS_SITE_REJECTED')
    }
    const own = await raw(v, '/api/bindings', { method: 'POST', body, headers: { 'origin': s.baseUrl, 'sec-fetch-site': 'same-origin' } })
    expect(own.status).not.toBe(403)
  })

  it('an officer on a citizen route, and a citizen on an officer route, get 403, not 401 (defect 7)', async () => {
    const officerVisitor = await officer(s, 'zhongyuan.officer')
    const mine = await raw(officerVisitor, '/api/bindings', { method: 'POST', body: JSON.stringify({ relation: 'self', name: primary.record.name, idNumber: primary.record.idNumber }), headers: { origin: s.baseUrl } })
    expect(mine.status).toBe(403)
    expect(await mine.json()).toMatchObject({ code: 'WRONG_ACCOUNT_KIND' })
    const citizen = s.visitor()
    await signIn(citizen, '13800000923')
    const search = { method: 'POST', body: JSON.stringify({ q: '孙' }), headers: { 'origin': s.baseUrl, 'content-type': 'application/json' } }
    const queue = await raw(citizen, '/api/officer/records/search', search)
    expect(queue.status).toBe(403)
    expect(await queue.json()).toMatchObject({ code: 'WRONG_ACCOUNT_KIND' })
    expect((await fetch(`${s.baseUrl}/api/officer/records/search`, search)).status).toBe(401)
  })

  it('a 100 KB query string gets the JSON error shape, not Node\'s plain text (defect 7)', async () => {
    const res = await fetch(`${s.baseUrl}/api/health?x=${'a'.repeat(100_000)}`)
    expect(res.status).toBe(431)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    expect(await res.json()).toMatchObject({ code: 'HEADERS_TOO_LARGE' })
  })
  /** A request with a body of our choosing, whatever its method (fetch refuses a body on GET). */
  const withBody = (method: string, path: string, body: Buffer, chunked: boolean) => new Promise<{ status: number, body: string }>((resolve, reject) => {
    const req = request(`${s.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': body.length }) } }, (res) => {
      let text = ''
      res.setEncoding('utf8').on('data', (d: string) => { text += d }).on('end', () => resolve({ status: res.statusCode!, body: text }))
    })
    req.on('error', reject)
    if (chunked)
      req.write(body.subarray(0, 1000))
    req.end(chunked ? body.subarray(1000) : body)
  })

  it('a client gone mid-body (a phone losing signal) is no server error: its request ends as a 400, nothing is logged as an error', async () => {
    const lines = () => readFileSync(s.logFile, 'utf8').split('\n').filter(Boolean).map(line => JSON.parse(line) as { msg: string, route?: string, status?: number })
    const gone = () => lines().filter(l => l.msg === 'request' && l.route === '/api/complaints' && l.status === 400).length
    const errors = () => lines().filter(l => l.msg === 'unhandled error').length
    const [goneBefore, errorsBefore] = [gone(), errors()]
    await new Promise<void>((resolve) => {
      const req = request(`${s.baseUrl}/api/complaints`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 10_000 } })
      req.on('error', () => resolve()) // the socket is destroyed below
      req.write('{"requestId":', () => setTimeout(() => req.destroy(), 50))
    })
    // The server has settled the read once its request line is written: a read left hanging never writes one.
    await vi.waitFor(() => expect(gone()).toBe(goneBefore + 1), { timeout: 5000, interval: 50 })
    expect(errors()).toBe(errorsBefore)
    expect((await fetch(`${s.baseUrl}/api/health`)).status).toBe(200)
  })

  it('a body over 256 KB is refused with BODY_TOO_LARGE before it is read, sized or chunked; a GET or HEAD with any body is refused', async () => {
    const big = Buffer.alloc(300 * 1024, 'a')
    const cases = [['POST', '/api/complaints', 413, 'BODY_TOO_LARGE'], ['GET', '/api/health', 400, 'BAD_REQUEST'], ['GET', '/api/records/00000000-0000-4000-8000-000000000000', 400, 'BAD_REQUEST']] as const
    for (const [method, path, status, code] of cases) {
      for (const chunked of [false, true]) {
        const res = await withBody(method, path, big, chunked)
        expect({ method, chunked, status: res.status }).toEqual({ method, chunked, status })
        expect(JSON.parse(res.body)).toMatchObject({ code })
      }
    }
    expect((await withBody('HEAD', '/api/health', Buffer.from('{}'), false)).status).toBe(400)
    // Without a body a GET is answered as ever, with or without a zero length.
    expect((await fetch(`${s.baseUrl}/api/health`)).status).toBe(200)
    expect((await withBody('GET', '/api/health', Buffer.alloc(0), false)).status).toBe(200)
  })
})
