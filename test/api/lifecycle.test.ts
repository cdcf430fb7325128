import type { TestServer } from './harness.ts'
import { Buffer } from 'node:buffer'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { productionEnv } from '../support/productionEnv.ts'
import { startSmsProvider } from '../support/smsProvider.ts'
import { databaseKinds, startServer } from './harness.ts'

describe.each(databaseKinds)('readiness on %s (issue 11)', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind, { students: 5 }) })
  afterAll(async () => { await s.close() })

  it('is ready with the database up to date; not ready while draining or when a migration is missing; liveness stays up', async () => {
    const ready = await fetch(`${s.baseUrl}/api/ready`)
    expect([ready.status, await ready.json()]).toEqual([200, { ready: true, database: 'ok', migrations: 'ok', draining: false }])
    s.deps.draining = () => true
    expect((await fetch(`${s.baseUrl}/api/ready`)).status).toBe(503)
    s.deps.draining = undefined
    await s.database.db.execute(sql`delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)`)
    const behind = await fetch(`${s.baseUrl}/api/ready`)
    expect([behind.status, await behind.json()]).toEqual([503, { ready: false, database: 'ok', migrations: 'behind', draining: false }])
    expect((await fetch(`${s.baseUrl}/api/health`)).status).toBe(200)
  })
})

describe.each(databaseKinds)('metrics on %s (issue 11)', (kind) => {
  let s: TestServer
  const token = 'metrics-token-0123456789abcdef'
  beforeAll(async () => { s = await startServer(kind, { students: 5, env: { METRICS_TOKEN: token } }) })
  afterAll(async () => { await s.close() })

  it('answers only the token\'s holder, with request counts by route pattern (no ids, no query) and the outbox\'s depth', async () => {
    await fetch(`${s.baseUrl}/api/calendar/add?from=2025-01-01&days=1`)
    await fetch(`${s.baseUrl}/api/verify/certificates/XJT-9999`)
    // refused before any route runs, counted all the same
    expect((await fetch(`${s.baseUrl}/api/auth/logout`, { method: 'POST', headers: { origin: 'https://evil.example' } })).status).toBe(403)
    expect((await fetch(`${s.baseUrl}/metrics`)).status).toBe(404)
    expect((await fetch(`${s.baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789abcde' } })).status).toBe(404)
    const res = await fetch(`${s.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).toContain('xjt_http_requests_total{method="GET",route="/api/calendar/add",status="200"} 1')
    expect(text).toContain('xjt_http_requests_total{method="POST",route="/api/auth/logout",status="403"} 1')
    expect(text).toMatch(/xjt_http_request_duration_seconds_bucket\{[^}]*route="\/api\/calendar\/add"/)
    expect(text).toMatch(/xjt_outbox_messages\{state="pending"\} \d+/)
    expect(text).toContain('xjt_outbox_lag_seconds')
    expect(text).not.toContain('2025-01-01')
    expect(text).not.toContain('XJT-9999')
  })
})

describe('a production server started as an operator would (issue 11)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xjt-prod-'))
  let provider: Awaited<ReturnType<typeof startSmsProvider>>
  beforeAll(async () => { provider = await startSmsProvider('aliyun') })
  afterAll(async () => {
    await provider.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('serves no demo, delivers a code through the gateway, signs the person in, and on SIGTERM finishes the request in flight, refuses new ones and exits 0', async () => {
    const { DATABASE_URL: _, ...inherited } = process.env
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...inherited, ...productionEnv, SMS_ENDPOINT: provider.url, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', COOKIE_SECURE: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const exited = new Promise<number | null>(resolve => child.on('exit', resolve))
    const port = await new Promise<string>((resolve, reject) => {
      const collect = (chunk: Buffer) => {
        output += chunk.toString()
        const found = /is running: http:\/\/localhost:(\d+)\//.exec(output)
        if (found)
          resolve(found[1]!)
      }
      child.stdout.on('data', collect)
      child.stderr.on('data', collect)
      child.on('exit', () => reject(new Error(`exited: ${output}`)))
    })
    const base = `http://127.0.0.1:${port}`
    const post = (path: string, body: unknown, cookie = '') => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'origin': base, cookie }, body: JSON.stringify(body) })
    expect(output).not.toContain('WARNING')
    expect((await fetch(`${base}/api/dev/sms-outbox`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '13700006666' }) })).status).toBe(404)
    expect((await post('/api/auth/sms/send', { phone: '13700006666' })).status).toBe(200)
    const code = (provider.accepted('13700006666')[0]!.params as { code: string }).code
    const verified = await post('/api/auth/sms/verify', { phone: '13700006666', code })
    expect(verified.status).toBe(200)
    expect(verified.headers.get('set-cookie')).toMatch(/HttpOnly/i)

    // A request whose body is still arriving when SIGTERM comes.
    const body = JSON.stringify({ phone: '13700007777' })
    const inFlight = new Promise<number>((resolve, reject) => {
      const req = request(`${base}/api/auth/sms/send`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'origin': base } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.write(body.slice(0, 5))
      setTimeout(() => {
        child.kill('SIGTERM')
        setTimeout(async () => {
          await expect(fetch(`${base}/api/health`)).rejects.toThrow()
          req.end(body.slice(5))
        }, 500)
      }, 200)
    })
    expect(await inFlight).toBe(200)
    expect(await exited).toBe(0)
    expect(output).toContain('学籍通 stopped.')
    expect(provider.accepted('13700007777')).toHaveLength(1)
  }, 60_000)
})
