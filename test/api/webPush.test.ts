import type { IncomingHttpHeaders } from 'node:http'
import type { Tx } from '../../server/db/client.ts'
import type { TestServer, Visitor } from './harness.ts'
import { Buffer } from 'node:buffer'
import { execFileSync, spawnSync } from 'node:child_process'
import { createECDH, createPublicKey, randomBytes, verify } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent, createServer } from 'node:https'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/db/client.ts'
import { caseSheets, outboxMessages, pushSubscriptions } from '../../server/db/schema/index.ts'
import { sweep } from '../../server/features/complaints/supervision.ts'
import { enqueueNotices } from '../../server/features/notifications/sms.ts'
import { runOutbox } from '../../server/outbox/outbox.ts'
import { pushGateway } from '../../server/push/gateway.ts'
import { shanghaiDate } from '../../shared/calendar/index.ts'
import { findPersonalNumbers } from '../support/personalNumbers.ts'
import { acceptToSchool, file, mother, officer, parent, primary } from './complaintsKit.ts'
import { databaseKinds, racingKinds, sessionsWaitingOnALock, startServer, testYear } from './harness.ts'

// http_ece is web-push's own encryption library; here it plays the browser and decrypts (RFC 8291).
const ece = createRequire(import.meta.url)('http_ece') as { decrypt: (body: Buffer, p: object) => Buffer }

interface Pushed { path: string, headers: IncomingHttpHeaders, body: Buffer }

/** A certificate for 127.0.0.1, made with the system's openssl: web-push speaks https only. */
function loopbackCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'xjt-push-'))
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' })
  const pair = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }
  rmSync(dir, { recursive: true })
  return pair
}

/**
 * A push service on loopback: keeps what it is sent, and answers 201, or 410 for a browser that is
 * gone; for a browser in `held` it answers only when told to, as a push service out of reach would.
 */
async function pushService() {
  const received: Pushed[] = []
  const gone = new Set<string>()
  const held = new Set<string>()
  const waiting = new Map<string, () => void>() // held requests the sender has not given up on
  const tls = loopbackCertificate()
  const server = createServer(tls, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => {
      received.push({ path: req.url!, headers: req.headers, body: Buffer.concat(chunks) })
      const answer = () => res.writeHead(gone.has(req.url!) ? 410 : 201).end()
      if (!held.has(req.url!))
        return answer()
      waiting.set(req.url!, answer)
      res.on('close', () => waiting.delete(req.url!))
    })
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  const url = `https://127.0.0.1:${(server.address() as { port: number }).port}`
  // The server reaches it trusting its certificate, as it trusts the real push services' through the system's CAs.
  const agent = new Agent({ ca: tls.cert })
  const release = () => [...waiting.values()].forEach(answer => answer())
  return { received, gone, held, waiting, release, url, agent, close: () => new Promise(r => server.close(r)) }
}

/** A browser's push keys, as PushSubscription.toJSON() gives them, with the private half kept here. */
function browser(service: { url: string }) {
  const ecdh = createECDH('prime256v1')
  ecdh.generateKeys()
  const path = `/push/${crypto.randomUUID()}`
  return { ecdh, path, endpoint: `${service.url}${path}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') } }
}

/** Checks the VAPID token (RFC 8292): ES256 over header.claims, by the key the server publishes, for this push service. */
function vapidClaims(authorization: string, publicKey: string, audience: string) {
  const [, token, k] = authorization.match(/^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/)!
  expect(k).toBe(publicKey)
  const [header, claims, signature] = token!.split('.')
  const raw = Buffer.from(publicKey, 'base64url')
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') }, format: 'jwk' })
  expect(verify('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature!, 'base64url'))).toBe(true)
  const body = JSON.parse(Buffer.from(claims!, 'base64url').toString()) as { aud: string, exp: number, sub: string }
  expect(body.aud).toBe(audience)
  return body
}

// The loopback push service's certificate comes from the system's openssl (.ci/run installs it).
const opensslMissing = spawnSync('openssl', ['version']).error !== undefined

/** A test server whose Web Push goes to a loopback push service, and what that service got for a browser. */
async function serverWithPushService(kind: 'pglite' | 'postgres') {
  const s = await startServer(kind)
  const service = await pushService()
  // A push service gets its full 5 s before the sender gives up (the test's text timeout is shorter).
  s.deps.push = pushGateway({ ...s.deps.env, SMS_TIMEOUT_MS: 5000 }, s.database.db, service.agent)
  return {
    s,
    service,
    sentTo: (b: ReturnType<typeof browser>) => service.received.filter(r => r.path === b.path),
    close: async () => {
      await service.close()
      await s.close()
    },
  }
}

describe.skipIf(opensslMissing).each(databaseKinds)('Web Push for status changes on %s (issue 13; skipped without openssl)', (kind) => {
  let s: TestServer
  let mum: Visitor
  let intake: Visitor
  let service: Awaited<ReturnType<typeof pushService>>
  let running: Awaited<ReturnType<typeof serverWithPushService>> | undefined
  beforeAll(async () => {
    running = await serverWithPushService(kind)
    s = running.s
    service = running.service
    mum = await parent(s)
    await mum.api.bindings.$post({ json: { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber!, childName: primary.record.name, childIdNumber: primary.record.idNumber! } })
    intake = await officer(s, 'zhongyuan.officer')
  }, 120_000)
  afterAll(async () => { await running?.close() })

  const subscribe = (b: ReturnType<typeof browser>, kinds: string[]) => mum.api.push.subscription.$put({ json: { endpoint: b.endpoint, keys: b.keys, kinds: kinds as never } })
  const sentTo = (b: ReturnType<typeof browser>) => running!.sentTo(b)

  it('a complaint accepted reaches the chosen browser as a message only it can read, with no name or personal number', async () => {
    const phone = browser(service)
    expect((await subscribe(phone, ['accepted'])).status).toBe(200)
    const id = await file(mum)
    expect((await acceptToSchool(intake, id)).status).toBe(200)
    await runOutbox(s.deps)

    const [pushed, ...more] = sentTo(phone)
    expect(more).toEqual([])
    expect(pushed!.headers['content-encoding']).toBe('aes128gcm')
    expect(pushed!.headers.ttl).toBe('86400')
    const { publicKey } = await (await mum.api.push.key.$get()).json()
    expect(vapidClaims(pushed!.headers.authorization!, publicKey, service.url).exp * 1000).toBeGreaterThan(Date.now())

    const message = JSON.parse(ece.decrypt(pushed!.body, { version: 'aes128gcm', privateKey: phone.ecdh, authSecret: phone.keys.auth }).toString())
    expect(message).toMatchObject({ title: '学籍通', url: '/inbox', tag: 'complaintAccepted' })
    expect(message.body).toMatch(/^您 \d{4}-\d{2}-\d{2} 提交的投诉已受理，核查单 .+，完成时限 \d{4}-\d{2}-\d{2}。$/)
    expect(findPersonalNumbers(JSON.stringify(message))).toEqual({ idNumbers: [], phones: [] })
    expect(JSON.stringify(message)).not.toContain(mother.name)
    // Another browser cannot read it.
    expect(() => ece.decrypt(pushed!.body, { version: 'aes128gcm', privateKey: browser(service).ecdh, authSecret: phone.keys.auth })).toThrow()
  })

  it('a browser whose app is in English is told in English; the same browser switched back to Chinese, in Chinese', async () => {
    const phone = browser(service)
    const choose = (language: 'en' | 'zh-CN') => mum.api.push.subscription.$put({ json: { endpoint: phone.endpoint, keys: phone.keys, kinds: ['accepted'], language } })
    const lastMessage = () => JSON.parse(ece.decrypt(sentTo(phone).at(-1)!.body, { version: 'aes128gcm', privateKey: phone.ecdh, authSecret: phone.keys.auth }).toString())
    expect((await choose('en')).status).toBe(200)
    expect((await acceptToSchool(intake, await file(mum))).status).toBe(200)
    await runOutbox(s.deps)
    expect(lastMessage()).toMatchObject({ title: 'Xuejitong', url: '/inbox', tag: 'complaintAccepted' })
    expect(lastMessage().body).toMatch(/^Your complaint of \d{4}-\d{2}-\d{2} was accepted: check sheet .+, to be settled by \d{4}-\d{2}-\d{2}\.$/)
    // An app from before notices had a language says none: the language saved stays.
    expect((await subscribe(phone, ['accepted'])).status).toBe(200)
    expect((await s.database.db.select({ language: pushSubscriptions.language }).from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, phone.endpoint)))[0]?.language).toBe('en')

    expect((await choose('zh-CN')).status).toBe(200)
    expect((await acceptToSchool(intake, await file(mum))).status).toBe(200)
    await runOutbox(s.deps)
    expect(sentTo(phone)).toHaveLength(2)
    expect(lastMessage()).toMatchObject({ title: '学籍通' })
    expect(lastMessage().body).toMatch(/^您 .+提交的投诉已受理/)
  })

  it('sends only the kinds chosen for that browser, and forgets a browser its push service says is gone', async () => {
    const onlyClosed = browser(service)
    const gone = browser(service)
    expect((await subscribe(onlyClosed, ['closed'])).status).toBe(200)
    expect((await subscribe(gone, ['accepted'])).status).toBe(200)
    service.gone.add(gone.path)
    expect((await acceptToSchool(intake, await file(mum))).status).toBe(200)
    await runOutbox(s.deps)

    expect(sentTo(onlyClosed)).toEqual([])
    expect(sentTo(gone)).toHaveLength(1)
    expect(await s.database.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, gone.endpoint))).toEqual([])
    const failed = await s.database.db.select().from(outboxMessages).where(eq(outboxMessages.lastError, 'rejected PUSH_GONE_410'))
    expect(failed.map(m => m.state)).toEqual(['failed'])

    // Switched off (no kinds), the browser is woken for nothing.
    expect(await (await subscribe(onlyClosed, [])).json()).toEqual({ kinds: [] })
    expect(await s.database.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, onlyClosed.endpoint))).toEqual([])
  })

  it('a browser another account signs in on is theirs: what was queued for the last holder is not sent there; taken by both at once, it stays one browser', async () => {
    const phone = browser(service)
    expect((await subscribe(phone, ['accepted'])).status).toBe(200)
    expect((await acceptToSchool(intake, await file(mum))).status).toBe(200) // queued for the mother, not sent yet
    const dad = await parent(s, '13900002222')
    const take = (who: Visitor, b = phone) => who.api.push.subscription.$put({ json: { endpoint: b.endpoint, keys: b.keys, kinds: ['accepted'] } })
    expect((await take(dad)).status).toBe(200)
    await runOutbox(s.deps)
    expect(sentTo(phone)).toEqual([])
    const held = (b: typeof phone) => s.database.db.select({ accountId: pushSubscriptions.accountId }).from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, b.endpoint))
    expect(await held(phone)).toHaveLength(1)

    // A burst: a new browser taken six times by each of them at once is one browser, held by one of them.
    const shared = browser(service)
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => take(i % 2 ? mum : dad, shared)))
    expect(answers.map(a => a.status)).toEqual(Array.from({ length: 12 }).fill(200))
    const [holder, ...more] = await held(shared)
    expect(more).toEqual([])
    expect(holder).toBeDefined()
  })

  it('a push service out of reach does not hold up the text queued behind its notice', async () => {
    const slow = browser(service)
    expect((await subscribe(slow, ['accepted'])).status).toBe(200)
    service.held.add(slow.path)
    expect((await acceptToSchool(intake, await file(mum))).status).toBe(200)
    // The notice is due first: one worker sending in turn would wait on it before the text.
    await s.database.db.update(outboxMessages).set({ nextAttemptAt: new Date(s.clock.now.getTime() - 60_000) }).where(and(eq(outboxMessages.channel, 'push'), eq(outboxMessages.state, 'pending')))
    const text = and(eq(outboxMessages.channel, 'sms'), eq(outboxMessages.template, 'complaintAccepted'), eq(outboxMessages.state, 'pending'))
    const [queued] = await s.database.db.select({ id: outboxMessages.id }).from(outboxMessages).where(text)

    const running = runOutbox(s.deps, 1) // one at a time: the order of a batch's sends is the database's
    await expect.poll(() => service.waiting.has(slow.path), { timeout: 2500 }).toBe(true)
    // The text goes while the push service holds the notice, not once the sender gives up on it (5 s).
    await expect.poll(async () => (await s.database.db.select({ state: outboxMessages.state }).from(outboxMessages).where(eq(outboxMessages.id, queued!.id)))[0]!.state, { timeout: 2500 }).toBe('sent')
    expect(service.waiting.has(slow.path)).toBe(true)
    service.release()
    await running
    expect(sentTo(slow)).toHaveLength(1)
    service.held.delete(slow.path)
  })

  it('an officer who chose due-soon reminders on a browser gets one there when the sweep finds their sheet due within 2 working days', async () => {
    const registrar = await officer(s, 'primary.registrar')
    const desk = browser(service)
    expect((await registrar.api.push.subscription.$put({ json: { endpoint: desk.endpoint, keys: desk.keys, kinds: ['dueSoon'] } })).status).toBe(200)
    const id = await file(mum)
    expect((await acceptToSchool(intake, id)).status).toBe(200)
    const [check] = await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))
    await sweep(s.deps)
    await runOutbox(s.deps)
    expect(sentTo(desk)).toEqual([]) // just assigned: weeks to go
    try {
      s.clock.now = new Date(check!.dueAt.getTime() - 3600_000) // the due day itself
      await sweep(s.deps)
      await runOutbox(s.deps)
    }
    finally {
      s.clock.reset()
    }
    // One reminder per sheet of theirs due that day (the earlier tests' cases are due with this one).
    const messages = sentTo(desk).map(p => JSON.parse(ece.decrypt(p.body, { version: 'aes128gcm', privateKey: desk.ecdh, authSecret: desk.keys.auth }).toString()))
    const ours = messages.filter(m => m.body.includes(check!.number))
    expect(ours).toHaveLength(1)
    expect(ours[0]).toMatchObject({ title: '学籍通', url: '/officer', tag: 'workDueSoon' })
    expect(ours[0].body).toContain(check!.dueDate)
    expect(messages.every(m => m.tag === 'workDueSoon')).toBe(true)
    expect(findPersonalNumbers(JSON.stringify(messages))).toEqual({ idNumbers: [], phones: [] })
    expect(JSON.stringify(messages)).not.toContain(primary.record.name)
  })

  it('refuses an address that is no push service, and kinds not sent to the account', async () => {
    const b = browser(service)
    const elsewhere = await mum.api.push.subscription.$put({ json: { endpoint: 'https://fcm.googleapis.com.example.com/x', keys: b.keys, kinds: ['accepted'] } })
    expect(elsewhere.status).toBe(400)
    expect((await elsewhere.json() as unknown as { code: string }).code).toBe('PUSH_SERVICE_UNKNOWN')
    const officersKind = await subscribe(b, ['overdue'])
    expect(officersKind.status).toBe(400)
    expect((await officersKind.json() as unknown as { code: string }).code).toBe('NOTICE_KIND_NOT_AVAILABLE')
  })
})

describe.skipIf(opensslMissing).each(racingKinds)('a browser changing hands while a notice or a take is in flight, on %s', (kind) => {
  let s: TestServer
  let service: Awaited<ReturnType<typeof pushService>>
  let running: Awaited<ReturnType<typeof serverWithPushService>> | undefined
  beforeAll(async () => {
    running = await serverWithPushService(kind)
    s = running.s
    service = running.service
  }, 120_000)
  afterAll(async () => { await running?.close() })

  /** The browser's subscription row, and a take of it by one of them. */
  const held = async (b: ReturnType<typeof browser>) => (await s.database.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, b.endpoint)))[0]!
  const take = (who: Visitor, b: ReturnType<typeof browser>) => who.api.push.subscription.$put({ json: { endpoint: b.endpoint, keys: b.keys, kinds: ['accepted'] } })
  const sentTo = (b: ReturnType<typeof browser>) => running!.sentTo(b)
  const waitingOnALock = () => sessionsWaitingOnALock(s)
  /** Runs `inFlight` inside a transaction of another instance, committed when it returns. */
  async function whileAnotherInstance(work: (tx: Tx) => Promise<void>, inFlight: () => Promise<void>) {
    const other = await openDatabase(s.databaseUrl!)
    try {
      await other.db.transaction(async (tx) => {
        await work(tx)
        await inFlight()
      })
    }
    finally {
      await other.close()
    }
  }

  it('the one who takes it last forgets what was queued for the holder it took it from, though that holder\'s take was still in flight when asked', async () => {
    const [mum, dad] = [await parent(s), await parent(s, '13900003333')]
    const b = browser(service)
    expect((await take(dad, b)).status).toBe(200)
    const dadId = (await held(b)).accountId
    expect((await take(mum, b)).status).toBe(200)
    const { id } = await held(b)
    let mums: ReturnType<typeof take> | undefined
    // Another instance is taking it for the father and has queued him a notice there, not yet committed.
    await whileAnotherInstance(async (tx) => {
      await tx.update(pushSubscriptions).set({ accountId: dadId }).where(eq(pushSubscriptions.id, id))
      await tx.insert(outboxMessages).values({ channel: 'push', recipient: id, template: 'complaintAccepted', params: {}, nextAttemptAt: s.clock.now, createdAt: s.clock.now })
    }, async () => {
      mums = take(mum, b) // the mother takes it back meanwhile: she waits for that row
      await expect.poll(waitingOnALock, { timeout: 10_000 }).toBeGreaterThan(0)
    })
    expect((await mums!).status).toBe(200)
    expect((await held(b)).accountId).not.toBe(dadId)
    const queued = await s.database.db.select().from(outboxMessages).where(and(eq(outboxMessages.recipient, id), eq(outboxMessages.state, 'pending')))
    expect(queued).toEqual([]) // the father's notice is not the mother's to see
  })

  it('a notice queued for the last holder by a step still in flight when someone else takes the browser is not sent to it', async () => {
    const [mum, dad] = [await parent(s), await parent(s, '13900004444')]
    const b = browser(service)
    expect((await take(dad, b)).status).toBe(200)
    const dadId = (await held(b)).accountId
    // A step for the father, in another instance, queues his notice for the browser he holds…
    await whileAnotherInstance(async (tx) => {
      await enqueueNotices(tx, [{ accountIds: [dadId], sms: { template: 'complaintAccepted', params: { date: shanghaiDate(s.clock.now), number: `410102-${testYear}-HC0099`, due: shanghaiDate(s.clock.now) }, ref: crypto.randomUUID() } }], s.clock.now)
    }, async () => {
      expect((await take(mum, b)).status).toBe(200) // …while the mother signs in on it: her take sees nothing queued yet
    })
    await runOutbox(s.deps)
    expect(sentTo(b)).toEqual([])
    const pushed = await s.database.db.select({ state: outboxMessages.state, lastError: outboxMessages.lastError }).from(outboxMessages).where(eq(outboxMessages.recipient, (await held(b)).id))
    expect(pushed).toEqual([{ state: 'failed', lastError: 'rejected PUSH_CHANGED_HANDS' }])
  })
})
