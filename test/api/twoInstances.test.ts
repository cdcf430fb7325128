import type { AppType } from '../../server/app.ts'
import type { RunningServer } from '../support/compiledServer.ts'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { pathToFileURL } from 'node:url'
import { hc } from 'hono/client'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureCompiledServer, startCompiledServer } from '../support/compiledServer.ts'
import { findPersonalNumbers } from '../support/personalNumbers.ts'
import { scratchDatabase } from '../support/scratchDatabase.ts'
import { complaintInput } from './complaintsKit.ts'

// Issue 14: two API instances behind one load balancer on one PostgreSQL database. Both are the
// compiled production build (`node dist-server/main.js`) in demo mode, each with its own DATA_DIR
// (two hosts) and the same settings an operator gives every instance. A browser's requests are sent
// to either instance, as a load balancer without sticky sessions would; what is checked is what the
// people using the app see through HTTP, and the database is read only for what no page shows.

const PUBLIC_ORIGIN = 'http://xjt.test' // the load balancer's address: every request's Origin
const SESSION_COOKIE = 'xjt_session'
const PASSWORD = 'xjt-demo-2026' // the demo officers' password (server/demo/accounts.ts)
// Fictional citizens' phones (not demo people): sign-in codes come from the demo SMS outbox.
const phones = { session: '13900000101', filer: '13900000102', second: '13900000103' }

type Api = ReturnType<typeof hc<AppType>>
/** A browser: one cookie jar, whichever instance the load balancer sends a request to. */
interface Browser { on: (server: RunningServer) => Api, cookies: Map<string, string> }

function browser(): Browser {
  const cookies = new Map<string, string>()
  const jarFetch: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers)
    headers.set('origin', PUBLIC_ORIGIN)
    if (cookies.size)
      headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    const res = await fetch(input, { ...init, headers })
    for (const line of res.headers.getSetCookie()) {
      const [k, v] = line.split(';')[0]!.split('=')
      if (/max-age=0/i.test(line) || !v)
        cookies.delete(k!)
      else cookies.set(k!, v)
    }
    return res
  }
  return { on: server => hc<AppType>(`${server.base}/api`, { fetch: jarFetch }), cookies }
}

/** A citizen signs in by phone code: the code is asked for on `send`, typed in on `verify`. */
async function citizen(phone: string, send: RunningServer, verify: RunningServer) {
  const b = browser()
  expect((await b.on(send).auth.sms.send.$post({ json: { phone } })).status).toBe(200)
  const outbox = await (await b.on(verify).dev['sms-outbox'].$post({ json: { phone } })).json()
  const code = outbox.messages[0]!.code!
  expect((await b.on(verify).auth.sms.verify.$post({ json: { phone, code } })).status).toBe(200)
  return b
}

async function officer(username: string, at: RunningServer) {
  const b = browser()
  expect((await b.on(at).auth.officer.$post({ json: { username, password: PASSWORD } })).status).toBe(200)
  return b
}

type CaseView = Awaited<ReturnType<typeof view>>
async function view(b: Browser, at: RunningServer, id: string) {
  const res = await b.on(at).complaints[':id'].$get({ param: { id } })
  expect(res.status).toBe(200)
  return res.json()
}

/** `410102-2026-HC0007` → { unit: '410102', year: '2026', kind: 'HC', serial: 7 } */
function parseNumber(number: string) {
  const m = /^(\d{6})-(\d{4})-(HC|DB)(\d{4,})$/.exec(number)
  expect(m, number).not.toBeNull()
  return { unit: m![1]!, year: m![2]!, kind: m![3]!, serial: Number(m![4]) }
}

/** Serials per issuing unit and year, each list sorted: gap-free means 1, 2, … n. */
function serialsByIssuer(numbers: string[]) {
  const by = new Map<string, number[]>()
  for (const n of numbers) {
    const p = parseNumber(n)
    by.set(`${p.unit}-${p.year}-${p.kind}`, [...(by.get(`${p.unit}-${p.year}-${p.kind}`) ?? []), p.serial])
  }
  return Object.fromEntries([...by].map(([k, v]) => [k, v.sort((x, y) => x - y)]))
}
const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

describe.skipIf(!process.env.TEST_DATABASE_URL)('two server processes on one PostgreSQL database (issue 14)', () => {
  let work: string
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>
  let settings: Record<string, string>
  let a: RunningServer
  let b: RunningServer
  /** Every output either instance wrote, across restarts. */
  const outputs: (() => string)[] = []
  /** Every complaint filed, and which were accepted (with a 核查单) or left waiting for 受理. */
  const filed: string[] = []
  const accepted: string[] = []
  const waiting: string[] = []

  /** Starts both instances at the same moment, with `more` settings. */
  async function startBoth(more: Record<string, string> = {}) {
    const [x, y] = await Promise.all([
      startCompiledServer({ ...settings, DATA_DIR: join(work, 'a'), ...more }, 60_000),
      startCompiledServer({ ...settings, DATA_DIR: join(work, 'b'), ...more }, 60_000),
    ])
    outputs.push(x.output, y.output)
    return [x, y] as const
  }

  beforeAll(async () => {
    ensureCompiledServer()
    work = mkdtempSync(join(tmpdir(), 'xjt-two-'))
    scratch = await scratchDatabase('test_two')
    // What an operator gives every instance: one database, one data key.
    settings = { DEMO: 'true', DATABASE_URL: scratch.url, DATA_KEY: randomBytes(32).toString('base64'), PUBLIC_ORIGIN }
    ;[a, b] = await startBoth()
  }, 120_000)

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()])
    await scratch?.drop()
    if (work)
      rmSync(work, { recursive: true, force: true })
  })

  it('both start at once on a fresh database: the demo is seeded once, and both serve it', async () => {
    expect([a, b].filter(s => s.output().includes('Demo data created.'))).toHaveLength(1)
    // Officers only (usernames, units, roles): the demo citizens' identity numbers stay out of any diff.
    const [onA, onB] = await Promise.all([a, b].map(async (s) => {
      const body = await (await fetch(`${s.base}/api/dev/demo-accounts`)).json() as { officers: { username: string, unitName: string, role: string }[] }
      return body.officers.map(o => `${o.username} ${o.unitName} ${o.role}`)
    }))
    expect(onA).toContain('zhongyuan.officer 郑州市中原区教育局 officer')
    expect(onB).toEqual(onA)
  })

  it('a session started on instance A works on B with the same cookie; signing out on B ends it on A', async () => {
    const person = await citizen(phones.session, a, a)
    const token = person.cookies.get(SESSION_COOKIE)!
    expect(token).toBeTruthy()
    const meOnA = await (await person.on(a).me.$get()).json()
    const meOnB = await person.on(b).me.$get()
    expect(meOnB.status).toBe(200)
    expect((await meOnB.json()).accountId).toBe(meOnA.accountId)
    expect(meOnA.kind).toBe('citizen')

    expect((await person.on(b).auth.logout.$post()).status).toBe(200)
    // The same cookie, as another tab still holding it would send it, to either instance.
    for (const s of [a, b])
      expect((await fetch(`${s.base}/api/me`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } })).status).toBe(401)

    // An officer signed in on B works on A.
    const county = await officer('zhongyuan.officer', b)
    expect((await county.on(a).cases.$get({ query: {} })).status).toBe(200)
  })

  it('a burst of filings and 受理 split across both instances: one complaint per requestId, 核查单 numbers unique and gap-free', async () => {
    const parent = await citizen(phones.filer, b, a)
    // 20 complaints, every other one through each instance; two of them also sent again to the
    // other instance at the same time (a retry the load balancer routed elsewhere).
    const inputs = Array.from({ length: 20 }, () => complaintInput({ category: 'other' }))
    const sends = inputs.map((input, i) => ({ input, at: i % 2 ? a : b }))
    sends.push({ input: inputs[0]!, at: a }, { input: inputs[1]!, at: b })
    const results = await Promise.all(sends.map(async ({ input, at }) => {
      const res = await parent.on(at).complaints.$post({ json: input })
      return { status: res.status, id: (await res.json() as { id: string }).id, requestId: input.requestId }
    }))
    const ids = [...new Set(results.map(r => r.id))]
    expect(ids).toHaveLength(20)
    for (const input of inputs.slice(0, 2)) {
      const both = results.filter(r => r.requestId === input.requestId)
      expect(both.map(r => r.status).sort()).toEqual([200, 201])
      expect(new Set(both.map(r => r.id)).size).toBe(1)
    }
    filed.push(...ids)

    // The bureau's officer and head, each signed in on one instance, act through both at once:
    // 受理 of 14 cases (a 核查单 each), 不予受理 of 2, and 4 left waiting.
    const officers = [await officer('zhongyuan.officer', a), await officer('zhongyuan.head', b)]
    const options = await (await officers[0]!.on(b).complaints[':id']['handler-options'].$get({ param: { id: ids[0]! } })).json()
    const school = options.units.find(u => u.people.some(p => p.role === 'registrar'))!
    const handler = school.people.find(p => p.role === 'registrar')!
    const toAccept = ids.slice(0, 14)
    const toReject = ids.slice(14, 16)
    const acts = await Promise.all([
      ...toAccept.map((id, i) => officers[i % 2]!.on([a, b][(i >> 1) % 2]!).complaints[':id'].accept.$post({ param: { id }, json: { handlingUnitId: school.id, handlerId: handler.id, matter: '学生学籍信息登记错误，学校未予更正' } })),
      ...toReject.map((id, i) => officers[i]!.on([b, a][i]!).complaints[':id'].reject.$post({ param: { id }, json: { reason: '不属于学籍管理问题' } })),
    ])
    expect(acts.map(r => r.status)).toEqual(acts.map(() => 200))
    accepted.push(...toAccept)
    waiting.push(...ids.slice(16))

    const views = await Promise.all(toAccept.map((id, i) => view(officers[0]!, [a, b][i % 2]!, id)))
    const checks = views.map(v => v.sheets.filter(s => s.kind === 'check'))
    expect(checks.map(c => c.length)).toEqual(views.map(() => 1))
    const numbers = checks.map(c => c[0]!.number)
    expect(new Set(numbers).size).toBe(numbers.length)
    const serials = serialsByIssuer(numbers)
    expect(Object.keys(serials)).toHaveLength(1) // all from 中原区教育局, this year
    expect(Object.values(serials)[0]).toEqual(oneToN(14))
  })

  it('the same case accepted at once through both instances by two officers: one winner, one 核查单', async () => {
    const parent = await citizen(phones.second, a, b)
    const ids = await Promise.all(Array.from({ length: 4 }, async (_, i) => {
      const res = await parent.on([a, b][i % 2]!).complaints.$post({ json: complaintInput({ category: 'notRegistered' }) })
      expect(res.status).toBe(201)
      return (await res.json() as { id: string }).id
    }))
    filed.push(...ids)
    const officers = [await officer('zhongyuan.officer', a), await officer('zhongyuan.head', b)]
    const options = await (await officers[1]!.on(a).complaints[':id']['handler-options'].$get({ param: { id: ids[0]! } })).json()
    const school = options.units.find(u => u.people.some(p => p.role === 'registrar'))!
    const handlers = school.people.filter(p => p.role === 'registrar')
    expect(handlers.length).toBeGreaterThanOrEqual(2)

    for (const id of ids) {
      // The officer on A assigns the case to one registrar, the head on B to the other, at the same moment.
      const tries = await Promise.all([0, 1].map(async (k) => {
        const res = await officers[k]!.on([a, b][k]!).complaints[':id'].accept.$post({ param: { id }, json: { handlingUnitId: school.id, handlerId: handlers[k]!.id, matter: '学生入学后未注册学籍' } })
        const body = await res.json() as { code?: string, handlerName?: string | null }
        return { k, status: res.status as number, code: body.code, handler: handlers.findIndex(h => h.name === body.handlerName) }
      }))
      expect(tries.map(t => t.status).sort()).toEqual([200, 409])
      const winner = tries.find(t => t.status === 200)!
      const loser = tries.find(t => t.status === 409)!
      expect(loser.code).toBe('CASE_STATE')
      expect(winner.handler).toBe(winner.k) // the case went to the registrar the winner chose
      // Both instances show the winner's choice and a single 核查单.
      for (const s of [a, b]) {
        const v = await view(officers[loser.k]!, s, id)
        expect(v.status).toBe('assigned')
        expect(handlers.findIndex(h => h.name === v.handlerName)).toBe(winner.k)
        expect(v.sheets.filter(x => x.kind === 'check')).toHaveLength(1)
      }
    }
    accepted.push(...ids)

    // Across both tests, every 核查单 the bureau issued: 1 … 18, no number twice, none skipped.
    const views = await Promise.all(accepted.map(id => view(officers[0]!, b, id)))
    const numbers = views.flatMap(v => v.sheets.filter(x => x.kind === 'check').map(x => x.number))
    expect(Object.values(serialsByIssuer(numbers))).toEqual([oneToN(accepted.length)])
  })

  it('both instances restarted after the deadlines passed sweep at once: exactly one 督办单 per breached case, numbers gap-free', async ({ annotate }) => {
    const county = await officer('zhongyuan.officer', a)
    const before = await Promise.all(filed.map(id => view(county, b, id)))
    const open = before.filter(v => v.status === 'assigned' || v.status === 'received')
    expect(open.map(v => v.id).sort()).toEqual([...accepted, ...waiting].sort())
    expect(before.flatMap(v => v.sheets.filter(x => x.kind === 'supervise'))).toEqual([])
    // Every open deadline (核查单 完成时限, 受理 due date) has passed an hour after the latest one.
    const latest = Math.max(...open.map(v => new Date(v.clock!.dueAt).getTime()))
    const shiftMs = latest + 3600_000 - Date.now()
    expect(shiftMs).toBeGreaterThan(0)

    // Both stop (a deployment), and come back later: the servers' clocks run `shiftMs` ahead
    // (a preload moves Date, nothing else), and each sweeps at start to catch up.
    expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0])
    const clock = join(work, 'later.mjs')
    writeFileSync(clock, laterClock(shiftMs))
    // Each with a pool of 3 connections (DATABASE_POOL_SIZE), which the database sees they keep to.
    ;[a, b] = await startBoth({ NODE_OPTIONS: `--import=${pathToFileURL(clock).href}`, DATABASE_POOL_SIZE: '3' })
    const sql = postgres(scratch.url, { max: 1, onnotice: () => {} })
    const connections = new Set<number>()

    // The city bureau (the level above 中原区教育局) sees a 督办单 on every open case, through either instance.
    const city = await officer('zhengzhou.city', b)
    const deadline = Date.now() + 20_000
    let after: CaseView[] = []
    do {
      await new Promise(r => setTimeout(r, 200))
      after = await Promise.all(open.map((v, i) => view(city, [a, b][i % 2]!, v.id)))
      for (const { pid } of await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()`)
        connections.add(pid)
    } while (after.some(v => !v.sheets.some(x => x.kind === 'supervise')) && Date.now() < deadline)
    // Every open case read at once, half through each instance: each pool stayed at 3 connections or fewer.
    expect(connections.size).toBeGreaterThan(0)
    expect(connections.size).toBeLessThanOrEqual(6)

    // Each sweep dates what it issues with the moment it started: two dates show that both
    // instances' sweeps issued some of these 督办单, i.e. they really ran at the same time.
    const sweeps = new Set(after.flatMap(v => v.sheets.filter(x => x.kind === 'supervise').map(x => x.assignedAt)))
    await annotate(`督办单 issued by ${sweeps.size} sweep(s) running at once`)
    // What the city sees: one 督办单 per case, issued by 郑州市教育局 for the breach it answers.
    for (const v of after) {
      const supervise = v.sheets.filter(x => x.kind === 'supervise')
      expect(supervise, v.id).toHaveLength(1)
      expect(supervise[0]!.trigger).toBe(accepted.includes(v.id) ? 'breach' : 'intake')
      expect(supervise[0]!.issuingUnitName).toBe('郑州市教育局')
      if (accepted.includes(v.id))
        expect(v.sheets.find(x => x.kind === 'check')!.breachedAt).not.toBeNull()
    }
    expect(Object.values(serialsByIssuer(after.flatMap(v => v.sheets.filter(x => x.kind === 'supervise').map(x => x.number))))).toEqual([oneToN(open.length)])

    // A graceful stop waits for a sweep in progress; once both have stopped, nothing more can be
    // issued, and the database (no page is left to show it) holds exactly the same 督办单.
    expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0])
    try {
      const rows = await sql<{ complaintId: string, n: number }[]>`
        select complaint_id as "complaintId", count(*)::int as n from case_sheets where kind = 'supervise' group by complaint_id`
      expect(Object.fromEntries(rows.map(r => [r.complaintId, r.n]))).toEqual(Object.fromEntries(open.map(v => [v.id, 1])))
    }
    finally {
      await sql.end()
    }
  })

  it('neither instance logged a phone or ID number (002:25)', () => {
    // The demo-login block printed at start is for the operator's terminal; the logs are the JSON lines.
    const logs = outputs.map(o => o()).join('\n').split('\n').filter(line => line.startsWith('{')).join('\n')
    expect(logs.length).toBeGreaterThan(0)
    const found = findPersonalNumbers(logs)
    expect({ idNumbers: found.idNumbers.length, phones: found.phones.length }).toEqual({ idNumbers: 0, phones: 0 })
  })
})

/** A module preloaded into a server: its Date runs `shiftMs` ahead of the real clock. */
function laterClock(shiftMs: number) {
  return `const RealDate = Date
const shift = ${shiftMs}
globalThis.Date = new Proxy(RealDate, {
  construct: (target, args, newTarget) => Reflect.construct(target, args.length ? args : [RealDate.now() + shift], newTarget),
  apply: () => new RealDate(RealDate.now() + shift).toString(),
  get: (target, key, receiver) => key === 'now' ? () => RealDate.now() + shift : Reflect.get(target, key, receiver),
})
`
}
