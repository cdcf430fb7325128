import type { RunningServer } from '../support/compiledServer.ts'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMPILED_SERVER, ensureCompiledServer, productionExample, startCompiledServer } from '../support/compiledServer.ts'
import { scratchDatabase } from '../support/scratchDatabase.ts'
import { startSmsProvider } from '../support/smsProvider.ts'
import { databaseKinds } from './harness.ts'

// The production build (issue 11): `npm run start:prod` runs dist-server/main.js with plain node, no
// TypeScript compiler, started from .env.production.example unchanged but for the database and the
// SMS endpoint (a loopback stub answering as Alibaba Cloud does).
describe.each(databaseKinds)('the compiled server in production on %s (issue 11)', (kind) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xjt-compiled-'))
  let provider: Awaited<ReturnType<typeof startSmsProvider>>
  let server: RunningServer
  let settings: Record<string, string>
  let dropDatabase = async () => {}

  beforeAll(async () => {
    ensureCompiledServer()
    provider = await startSmsProvider('aliyun')
    const { DATABASE_URL, ...example } = productionExample()
    expect(DATABASE_URL).toMatch(/^postgres:\/\//)
    settings = { ...example, SMS_ENDPOINT: provider.url, DATA_DIR: dataDir }
    if (kind === 'postgres') {
      const scratch = await scratchDatabase('test_compiled')
      settings.DATABASE_URL = scratch.url
      dropDatabase = scratch.drop
    }
    server = await startCompiledServer(settings)
  }, 300_000)

  afterAll(async () => {
    await server?.stop()
    await provider?.close()
    await dropDatabase()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('is plain JavaScript that node runs without a TypeScript loader', () => {
    const bundle = readFileSync(COMPILED_SERVER, 'utf8')
    expect(bundle).not.toMatch(/from ["']tsx|\.ts["']/)
    expect(server.output()).toContain(`(database: ${kind})`)
  })

  it('warns about the example secrets, serves no /api/dev/*, has no demo account, and the province\'s bureaus', async () => {
    expect(server.output()).toContain('WARNING: SECRET is the example value')
    expect(server.output()).toMatch(/Created the province's 175 education bureaus/)
    expect((await fetch(`${server.base}/api/dev/sms-outbox`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '13700006666' }) })).status).toBe(404)
    expect((await fetch(`${server.base}/api/dev/demo-accounts`)).status).toBe(404)
    const demo = await post('/api/auth/officer', { username: 'henan.province', password: 'xjt-demo-2026' })
    expect(await demo.json()).toMatchObject({ code: 'LOGIN_FAILED' })
  })

  it('a phone receives its code through the provider\'s request and the person signs in', async () => {
    expect((await post('/api/auth/sms/send', { phone: '13700006666' })).status).toBe(200)
    const [sent] = provider.accepted('13700006666')
    expect(sent).toMatchObject({ action: 'SendSms', signName: '学籍通', template: 'SMS_000000001' })
    const verified = await post('/api/auth/sms/verify', { phone: '13700006666', code: (sent!.params as { code: string }).code })
    expect(verified.status).toBe(200)
    const cookie = verified.headers.get('set-cookie')!
    expect(cookie).toMatch(/Secure/i)
    const me = await fetch(`${server.base}/api/me`, { headers: { cookie: cookie.split(';')[0]! } })
    expect(me.status).toBe(200)
  })

  it('npm run admin:create (the server stopped: PGlite is one process\'s) makes the first administrator; keys:rotate and audit:verify run; restarted under the new key, the server adds no bureaus and the administrator signs in', async () => {
    expect(await server.stop()).toBe(0)
    const created = npm(['admin:create', '--', '--unit', '410000', '--username', 'henan.admin', '--name', '郭建军'])
    expect(created.status, created.stderr).toBe(0)
    const password = /One-time password[^:]*: (\S+)/.exec(created.stdout)![1]
    // The other operator commands of docs/deploy.md on the same database: a key rotation, the audit chain.
    const newKey = 'Zm9yLXRlc3Rpbmctb25seS1hLW5ldy1kYXRhLWtleTE='
    const rotated = npm(['keys:rotate'], { DATA_KEY: newKey, DATA_KEYS_PREVIOUS: settings.DATA_KEY! })
    expect(rotated.status, rotated.stderr).toBe(0)
    expect(rotated.stdout).toContain('Every identity value is now sealed under key')
    const verified = npm(['audit:verify'], { DATA_KEY: newKey, DATA_KEYS_PREVIOUS: settings.DATA_KEY! })
    expect(verified.status, verified.stderr).toBe(0)
    expect(verified.stdout).toMatch(/Audit log intact: \d+ entries/)
    server = await startCompiledServer({ ...settings, DATA_KEY: newKey, DATA_KEYS_PREVIOUS: settings.DATA_KEY! })
    expect(server.output()).not.toContain('education bureaus')
    const signedIn = await post('/api/auth/officer', { username: 'henan.admin', password })
    expect(await signedIn.json()).toMatchObject({ role: 'admin', mustChangePassword: true })
  }, 300_000)

  /** `npm run <args>` as the operator runs it, with the deployment's settings. */
  function npm(args: string[], more: Record<string, string> = {}) {
    return spawnSync('npm', ['run', '--silent', ...args], { env: { PATH: process.env.PATH ?? '', ...settings, ...more }, encoding: 'utf8' })
  }

  /** A state-changing request as the browser at PUBLIC_ORIGIN sends it. */
  function post(path: string, body: unknown) {
    return fetch(`${server.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'origin': settings.PUBLIC_ORIGIN! }, body: JSON.stringify(body) })
  }
})
