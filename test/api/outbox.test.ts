import type { ChildProcess } from 'node:child_process'
import type { SmsMessage } from '../../server/sms/gateway.ts'
import type { TestServer } from './harness.ts'
import { spawn } from 'node:child_process'
import process from 'node:process'
import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/db/client.ts'
import { outboxMessages } from '../../server/db/schema/index.ts'
import { enqueueSms, runOutbox } from '../../server/outbox/outbox.ts'
import { createAdministrator } from '../../server/production/admin.ts'
import { productionEnv } from '../support/productionEnv.ts'
import { startSmsProvider } from '../support/smsProvider.ts'
import { databaseKinds, racingKinds, startServer } from './harness.ts'

function gatewaySettings(url: string) {
  return {
    SMS_SENDER: 'aliyun',
    SMS_ENDPOINT: url,
    SMS_ACCESS_KEY_ID: 'key-id',
    SMS_ACCESS_KEY_SECRET: 'key-secret',
    SMS_SIGN_NAME: '学籍通',
    SMS_TEMPLATE_SIGN_IN: 'SMS_471234567',
    SMS_TIMEOUT_MS: '500',
  }
}

describe.each(databaseKinds)('sign-in codes through a real gateway and the outbox on %s (issue 11)', (kind) => {
  let s: TestServer
  let provider: Awaited<ReturnType<typeof startSmsProvider>>
  beforeAll(async () => {
    provider = await startSmsProvider('aliyun')
    s = await startServer(kind, { production: true, env: gatewaySettings(provider.url) })
  })
  afterEach(() => s.clock.reset())
  afterAll(async () => {
    await s.close()
    await provider.close()
  })

  const codeSentTo = (phone: string) => (provider.accepted(phone).at(-1)!.params as { code: string }).code

  it('a phone receives its code through the provider\'s request, and the person signs in', async () => {
    const v = s.visitor()
    const sent = await v.api.auth.sms.send.$post({ json: { phone: '13700001111' } })
    expect(await sent.json()).toMatchObject({ delivery: 'sent' })
    const verified = await v.api.auth.sms.verify.$post({ json: { phone: '13700001111', code: codeSentTo('13700001111') } })
    expect(verified.status).toBe(200)
    expect(await (await v.api.me.$get()).json()).toMatchObject({ kind: 'citizen' })
  })

  it('a number the provider refuses: the person is told at once, the code is dead, and the province sees the failure, masked', async () => {
    provider.answer('reject')
    const v = s.visitor()
    const refused = await v.api.auth.sms.send.$post({ json: { phone: '13700002222' } })
    expect(refused.status).toBe(503)
    expect(await refused.json()).toMatchObject({ code: 'SMS_NOT_DELIVERED', retryAfterSeconds: 60 })
    const leaked = provider.requests.at(-1)!.params as { code: string }
    expect(await (await v.api.auth.sms.verify.$post({ json: { phone: '13700002222', code: leaked.code } })).json()).toMatchObject({ code: 'CODE_EXPIRED' })

    const { password } = await createAdministrator(s.database.db, { unit: '410000', username: 'henan.admin', name: '郭建军' })
    const admin = s.visitor()
    await admin.api.auth.officer.$post({ json: { username: 'henan.admin', password } })
    await admin.api.officer.security.password.$post({ json: { currentPassword: password, newPassword: 'Huanghe-River-2026!' } })
    const status = await (await admin.api.officer.outbox.$get()).json() as { failedThisWeek: number, failures: { recipient: string, lastError: string }[] }
    expect(status.failedThisWeek).toBe(1)
    expect(status.failures[0]).toMatchObject({ recipient: '137****2222', lastError: 'rejected isv.MOBILE_NUMBER_ILLEGAL' })
    expect(JSON.stringify(status)).not.toContain('13700002222')
  })

  it('a provider that throttles, then fails, then takes the message: retried with backoff, delivered exactly once, the code works', async () => {
    provider.answer('throttle', 'serverError')
    const v = s.visitor()
    const before = provider.requests.length
    const sent = await (await v.api.auth.sms.send.$post({ json: { phone: '13700003333' } })).json()
    expect(sent).toMatchObject({ delivery: 'retrying' })
    // The login screen follows the message: "短信发送中…" until the provider takes it.
    const delivery = async () => (await v.api.auth.sms.deliveries[':id'].$get({ param: { id: sent.deliveryId } })).json()
    expect(await delivery()).toEqual({ state: 'sending' })
    expect(await runOutbox(s.deps)).toBe(0) // not due before its wait (10 s)
    s.clock.advance(10_000)
    expect(await runOutbox(s.deps)).toBe(1) // second attempt: server error, waits 20 s
    s.clock.advance(10_000)
    expect(await runOutbox(s.deps)).toBe(0)
    s.clock.advance(10_000)
    expect(await runOutbox(s.deps)).toBe(1) // third attempt: taken
    s.clock.advance(120_000)
    expect(await runOutbox(s.deps)).toBe(0)
    expect(provider.requests.slice(before).map(r => r.answer)).toEqual(['throttle', 'serverError', 'ok'])
    expect(provider.accepted('13700003333')).toHaveLength(1)
    expect(await delivery()).toEqual({ state: 'sent' })
    expect((await v.api.auth.sms.verify.$post({ json: { phone: '13700003333', code: codeSentTo('13700003333') } })).status).toBe(200)
  })

  it('a code the provider keeps refusing to take is given up once it would arrive too late, never sent after', async () => {
    provider.answer('throttle', 'throttle', 'throttle', 'throttle', 'throttle')
    const before = provider.requests.length
    const v = s.visitor()
    const sent = await (await v.api.auth.sms.send.$post({ json: { phone: '13700004444' } })).json()
    expect(sent).toMatchObject({ delivery: 'retrying' })
    for (let i = 0; i < 12; i++) {
      s.clock.advance(60_000)
      await runOutbox(s.deps)
    }
    expect(provider.requests.length - before).toBeLessThanOrEqual(5)
    expect(provider.accepted('13700004444')).toHaveLength(0)
    const [row] = await s.database.db.select().from(outboxMessages).where(eq(outboxMessages.recipient, '13700004444'))
    expect(row).toMatchObject({ state: 'failed', params: {} })
    // The login screen polling it tells the person the code did not arrive (SMS_NOT_DELIVERED in the app).
    const answer = await v.api.auth.sms.deliveries[':id'].$get({ param: { id: sent.deliveryId } })
    expect(await answer.json()).toEqual({ state: 'failed' })
    expect(JSON.stringify(await (await v.api.auth.sms.deliveries[':id'].$get({ param: { id: row!.id } })).json())).not.toContain('13700004444')
    // Only sign-in codes are answered, and an unknown id is simply not found.
    expect((await v.api.auth.sms.deliveries[':id'].$get({ param: { id: crypto.randomUUID() } })).status).toBe(404)
  })
})

describe.each(racingKinds)('two instances draining one outbox on %s (issue 11)', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind, { students: 5 }) })
  afterAll(async () => { await s.close() })

  it('a burst of messages claimed by two workers at once: each is sent exactly once', async () => {
    const sent: string[] = []
    const slowGateway = {
      name: 'outbox' as const,
      async send(m: SmsMessage) {
        await new Promise(resolve => setTimeout(resolve, 2))
        sent.push(m.params.code!)
        return { providerId: null }
      },
    }
    const n = 60
    for (let i = 0; i < n; i++)
      await enqueueSms(s.deps, { phone: '13700005555', template: 'signInCode', params: { code: String(i).padStart(6, '0') } })
    const other = await openDatabase(s.databaseUrl!)
    try {
      const handled = await Promise.all([
        runOutbox({ ...s.deps, sms: slowGateway }, 4),
        runOutbox({ ...s.deps, db: other.db, sms: slowGateway }, 4),
      ])
      expect(handled[0]! + handled[1]!).toBe(n)
      expect(handled.every(h => h > 0)).toBe(true) // both took part
    }
    finally {
      await other.close()
    }
    expect(sent.toSorted()).toEqual(Array.from({ length: n }, (_, i) => String(i).padStart(6, '0')))
    const states = await s.database.db.select({ state: outboxMessages.state }).from(outboxMessages).where(eq(outboxMessages.recipient, '13700005555'))
    expect(states.every(r => r.state === 'sent')).toBe(true)
  })
})

describe.each(racingKinds)('a server killed in the middle of a send on %s (issue 11)', (kind) => {
  let s: TestServer
  let provider: Awaited<ReturnType<typeof startSmsProvider>>
  let child: ChildProcess | undefined
  beforeAll(async () => {
    provider = await startSmsProvider('aliyun')
    s = await startServer(kind, { production: true, env: gatewaySettings(provider.url) })
  })
  afterAll(async () => {
    child?.kill('SIGKILL')
    await s.close()
    await provider.close()
  })

  it('loses nothing and sends nothing twice: the message at the provider is given up, the ones not yet sent go out once', async () => {
    const phones = ['13700006661', '13700006662', '13700006663']
    for (const phone of phones)
      await enqueueSms(s.deps, { phone, template: 'signInCode', params: { code: '246810' } })
    provider.answer('timeout') // the provider holds the first request: the process dies waiting for it
    child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, ...productionEnv, ...gatewaySettings(provider.url), SMS_TIMEOUT_MS: '60000', DATABASE_URL: s.databaseUrl!, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    })
    await expect.poll(() => provider.requests.length, { timeout: 30_000, interval: 100 }).toBe(1)
    child.kill('SIGKILL')
    await new Promise(resolve => child!.once('exit', resolve))

    // Another instance takes over once the dead one's claims (taken on the real clock) have run out.
    s.clock.now = new Date(Date.now() + 10 * 60_000)
    await runOutbox(s.deps)
    await runOutbox(s.deps)
    const first = provider.requests[0]!.phone
    expect(provider.requests.filter(r => r.phone.endsWith(first.slice(-11))).length).toBe(1) // never twice
    for (const phone of phones.filter(p => !first.endsWith(p)))
      expect(provider.accepted(phone).length).toBe(1) // claimed by the dead worker, never at the provider: sent once
    const rows = await s.database.db.select().from(outboxMessages)
    const interrupted = rows.find(r => first.endsWith(r.recipient))!
    expect(interrupted).toMatchObject({ state: 'failed', lastError: 'interrupted', params: {} })
    expect(rows.filter(r => r.state === 'sent').length).toBe(2)
  }, 90_000)
})
