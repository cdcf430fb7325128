import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AppType } from '../../server/app.ts'
import type { Database } from '../../server/db/client.ts'
import type { Deps } from '../../server/http/context.ts'
import { randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync } from 'node:fs'
import process from 'node:process'
import { serve } from '@hono/node-server'
import { sql } from 'drizzle-orm'
import { hc } from 'hono/client'
import pino from 'pino'
import { createApp } from '../../server/app.ts'
import { smsGateway } from '../../server/auth/sms.ts'
import { rowsOf } from '../../server/db/bulk.ts'
import { openDatabase } from '../../server/db/client.ts'
import { seedDemo } from '../../server/demo/seed.ts'
import { readEnv } from '../../server/env.ts'
import { answerClientErrors } from '../../server/http/guards.ts'
import { createLogger } from '../../server/http/log.ts'
import { serveBuiltApp } from '../../server/http/staticApp.ts'
import { seedProvince } from '../../server/production/province.ts'
import { pushGateway } from '../../server/push/gateway.ts'
import { shanghaiDate } from '../../shared/calendar/index.ts'
import { findPersonalNumbers } from '../support/personalNumbers.ts'
import { scratchDatabase } from '../support/scratchDatabase.ts'
import { copiesUsable, seededPglite, seededPostgres } from '../support/seededCopies.ts'

// The next-year project (vitest.config.ts) reruns tests on PGlite only: the schedule year is its point.
const pgliteOnly = !!process.env.XJT_TEST_PGLITE_ONLY
const pgUrl = pgliteOnly ? undefined : process.env.TEST_DATABASE_URL
// CI (.ci/run) sets REQUIRE_POSTGRES: the races PGlite cannot have (it runs one transaction at a time) must be tried.
if (!pgUrl && !pgliteOnly && (process.env.REQUIRE_POSTGRES || process.env.REQUIRE_BROWSER))
  throw new Error('PostgreSQL runs are required (REQUIRE_POSTGRES / REQUIRE_BROWSER) but TEST_DATABASE_URL is not set')

/** Every API test runs on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set. */
export const databaseKinds: ('pglite' | 'postgres')[] = pgUrl ? ['pglite', 'postgres'] : ['pglite']
if (!pgUrl && !pgliteOnly)
  console.warn('[api tests] TEST_DATABASE_URL is not set: PostgreSQL runs are SKIPPED, PGlite only.')
/** Only PostgreSQL has concurrent transactions: tests of races between pools run there alone. */
export const racingKinds = databaseKinds.filter(k => k === 'postgres')

/** How many of the test database's sessions wait for a lock (PostgreSQL): a racing test's sign that its write is held. */
export async function sessionsWaitingOnALock(s: TestServer) {
  return rowsOf(await s.database.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`))[0]!.n as number
}

/** Where every test server's clock starts: Monday 2026-11-23, 10:00 in Shanghai. */
export const TEST_START = new Date('2026-11-23T02:00:00Z')
/** The year of the test clock's start in Shanghai, for sheet and certificate numbers. */
export const testYear = Number(shanghaiDate(TEST_START).slice(0, 4))

interface Seeding { production?: boolean, students?: number, pgliteDir?: string }

/** A fresh database per test server, seeded: in-memory PGlite, or a new database on the PostgreSQL server. */
async function seededDatabase(kind: 'pglite' | 'postgres', opts: Seeding): Promise<Database & { drop: () => Promise<void>, url: string | null }> {
  const seed = (db: Database) => opts.production ? seedProvince(db.db, '410000') : seedDemo(db.db, { students: opts.students ?? 40 })
  // The next-year project's schedules differ: its copies are its own.
  const copyKind = `${pgliteOnly ? 'next_' : ''}${opts.production ? 'province' : `demo${opts.students ?? 40}`}`
  const copyable = copiesUsable() && !opts.pgliteDir
  if (kind === 'pglite') {
    const db = copyable ? await seededPglite(copyKind, seed) : await openDatabase(opts.pgliteDir ?? 'memory://')
    if (!copyable)
      await seed(db)
    return { ...db, drop: db.close, url: null }
  }
  const scratch = copyable ? await seededPostgres(copyKind, seed) : await scratchDatabase('xjt_test')
  const db = await openDatabase(scratch.url)
  if (!copyable)
    await seed(db)
  return {
    ...db,
    url: scratch.url,
    drop: async () => {
      await db.close()
      await scratch.drop()
    },
  }
}

export interface TestServer {
  baseUrl: string
  /** The PostgreSQL URL of this test's database (null on PGlite), for a second "process". */
  databaseUrl: string | null
  deps: Deps
  database: Database
  /** This server's JSON log, checked for personal numbers when the server closes. */
  logFile: string
  /** The server's injected clock; `reset` puts it back to TEST_START (call it in afterEach when a test moves it). */
  clock: { now: Date, advance: (ms: number) => void, reset: () => void }
  /** A new visitor: its own cookie jar and client address. */
  visitor: (ip?: string) => Visitor
  close: () => Promise<void>
}

export interface Visitor {
  api: ReturnType<typeof hc<AppType>>
  cookies: Map<string, string>
  fetch: typeof fetch
}

/** `env`: settings as an operator sets them (an SMS gateway: SMS_SENDER=aliyun …). `production`: DEMO=false on a database holding only the province's bureaus, as a first production start leaves it. */
export async function startServer(kind: 'pglite' | 'postgres', opts: { demo?: boolean, production?: boolean, env?: Record<string, string>, students?: number, pgliteDir?: string, distDir?: string } = {}): Promise<TestServer> {
  const database = await seededDatabase(kind, opts)
  const clock = {
    now: TEST_START,
    advance(ms: number) { this.now = new Date(this.now.getTime() + ms) },
    reset() { this.now = TEST_START },
  }
  // A non-demo server cannot start with the outbox (readEnv refuses); tests build one to prove /api/dev is absent.
  const env = { ...readEnv({ TRUST_PROXY: 'true', SECRET: 'x'.repeat(32), ...opts.env }), DEMO: opts.production ? false : opts.demo ?? true }
  // Every test server logs to its own file, which close() searches for personal numbers (002:25).
  mkdirSync('test/output/logs', { recursive: true })
  const logFile = `test/output/logs/api-${kind}-${randomUUID()}.log`
  const log = createLogger({ level: 'info', destination: pino.destination({ dest: logFile, sync: true }) })
  const deps: Deps = { db: database.db, dbKind: database.kind, env, sms: smsGateway(env, database.db), push: pushGateway(env, database.db), log, now: () => clock.now }
  const app = createApp(deps)
  if (opts.distDir)
    serveBuiltApp(app, opts.distDir)
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  answerClientErrors(server as Server)
  await new Promise(resolve => server.once('listening', resolve))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  let n = 0
  const visitor = (ip = `10.0.0.${++n}`): Visitor => {
    const cookies = new Map<string, string>()
    const jarFetch: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers)
      headers.set('x-forwarded-for', ip)
      headers.set('origin', baseUrl) // as a browser on the app's own pages sends it
      if (cookies.size)
        headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '))
      const res = await fetch(input, { ...init, headers })
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';')
        const [k, v] = pair!.split('=')
        if (/max-age=0/i.test(line) || v === '')
          cookies.delete(k!)
        else cookies.set(k!, v!)
      }
      return res
    }
    return { api: hc<AppType>(`${baseUrl}/api`, { fetch: jarFetch }), cookies, fetch: jarFetch }
  }

  return {
    baseUrl,
    databaseUrl: database.url,
    deps,
    database,
    clock,
    visitor,
    logFile,
    close: async () => {
      // The test is over: its keep-alive sockets are cut, not waited for (about 3 s a server).
      const closed = new Promise(resolve => server.close(resolve))
      ;(server as Server).closeAllConnections()
      await closed
      await database.drop()
      const found = findPersonalNumbers(readFileSync(logFile, 'utf8'))
      if (found.idNumbers.length || found.phones.length)
        throw new Error(`${logFile} holds ${found.idNumbers.length} identity number(s) and ${found.phones.length} phone number(s)`)
    },
  }
}

/** Reads the latest code the demo outbox holds for a phone. */
export async function outboxCode(v: Visitor, phone: string): Promise<string> {
  const res = await v.api.dev['sms-outbox'].$post({ json: { phone } })
  const body = await res.json() as { messages: { code: string | null }[] }
  return body.messages[0]!.code!
}

/** Signs a visitor in by phone code. */
export async function signIn(v: Visitor, phone: string) {
  await v.api.auth.sms.send.$post({ json: { phone } })
  const code = await outboxCode(v, phone)
  const res = await v.api.auth.sms.verify.$post({ json: { phone, code } })
  if (res.status !== 200)
    throw new Error(`sign-in failed: ${res.status} ${await res.text()}`)
}
