// npm run bench:load [-- --pglite | --database postgres://…] [--students 100000] [--seconds 10] [--connections 50]
// Drives the compiled server (dist-server/main.js) over loopback with autocannon through the hot
// routes and, in the same run, a bare ceiling (test/bench/ceiling.ts) doing the equivalent single SQL
// statement. The ratio app / ceiling is the figure that matters (issue 14). The dataset is kept
// between runs: database xjt_bench_<students> beside TEST_DATABASE_URL's, or .bench/pglite-<students>.
import type { RunningServer } from '../support/compiledServer.ts'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import postgres from 'postgres'
import { openDatabase } from '../../server/db/client.ts'
import { installDataKey } from '../../server/db/dataKey.ts'
import { seedDemo } from '../../server/demo/seed.ts'
import { ensureCompiledServer, startCompiledServer } from '../support/compiledServer.ts'
import { productionEnv } from '../support/productionEnv.ts'
import { benchCases } from './cases.ts'
import { measureColdStart } from './coldStart.ts'
import { explainHotQueries } from './explain.ts'
import { benchFixtures } from './fixtures.ts'
import { benchSweep } from './sweep.ts'

const { values } = parseArgs({ options: {
  database: { type: 'string' },
  pglite: { type: 'boolean', default: false },
  students: { type: 'string', default: '100000' },
  seconds: { type: 'string', default: '10' },
  connections: { type: 'string', default: '50' },
  only: { type: 'string' }, // run the routes whose name contains this
  cases: { type: 'string', default: '100000' }, // open cases for the sweeper pass (0: none)
} })
const students = Number(values.students)
const seconds = Number(values.seconds)
const connections = Number(values.connections)
const pgUrl = values.pglite ? undefined : values.database ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
const kind = pgUrl ? 'PostgreSQL' : 'PGlite'
const dataDir = resolve(`.bench/${pgUrl ? 'pg' : 'pglite'}-${students}`)

/** The bench database: created and seeded once per size, then reused. */
async function benchDatabase(): Promise<string> {
  if (!pgUrl)
    return join(dataDir, 'pglite')
  const name = `xjt_bench_${students}`
  const admin = postgres(pgUrl, { max: 1, onnotice: () => {} })
  if ((await admin`select 1 from pg_database where datname = ${name}`).length === 0)
    await admin.unsafe(`create database ${name}`)
  await admin.end()
  const url = new URL(pgUrl)
  url.pathname = `/${name}`
  return url.toString()
}

await measureColdStart(pgUrl)
mkdirSync(dataDir, { recursive: true })
const location = await benchDatabase()
installDataKey({ DATA_KEY: productionEnv.DATA_KEY, DATA_DIR: dataDir }, location)
const database = await openDatabase(location)
const t0 = performance.now()
if (await seedDemo(database.db, { students, log: s => console.log(s) }))
  console.log(`seeded ${students.toLocaleString('en')} students into ${kind} in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
const fx = await benchFixtures(database.db)
// The routes run with the cases present (the officers' queue and the filings' duplicate check see
// them), none of them due to change state, so the app's own sweeper has nothing to do meanwhile.
if (Number(values.cases) > 0)
  console.log(`${Number(values.cases).toLocaleString('en')} bench cases written in ${((await benchCases(database.db, Number(values.cases), new Date(), { quiet: true })) / 1000).toFixed(1)} s`)
await database.close() // PGlite is one process's: the servers open it next

// CPU time per request of the server's process and of the database's (every postgres process on the
// machine, so nothing else may use PostgreSQL meanwhile; none for PGlite, which is inside the server),
// from /proc: on a machine shared with neighbours, throughput moves with them from one run to the next
// (±20 % here), while the CPU a request costs moves less.
interface Result { reqPerSec: number, p50: number, p99: number, errors: number, non2xx: number, cpu: { server: number | null, database: number | null } }
const TICKS_PER_SECOND = 100 // USER_HZ on Linux

/** Seconds of CPU each process has used (user + system); empty where /proc cannot tell. */
function cpuSeconds(pids: number[]): Map<number, number> {
  const used = new Map<number, number>()
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
      used.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) // utime, stime (fields 14 and 15)
    }
    catch {} // no /proc, or the process gone meanwhile
  }
  return used
}

/** The database's processes (PostgreSQL forks one per connection); none for PGlite, inside the server. */
function databasePids(): number[] {
  if (!pgUrl || !existsSync('/proc'))
    return []
  return readdirSync('/proc').filter(d => /^\d+$/.test(d) && cpuCommand(d) === 'postgres').map(Number)
}

function cpuCommand(pid: string) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
  }
  catch {
    return null
  }
}

/** CPU microseconds per request spent by the processes between two readings (a process new since counts whole). */
function perRequest(before: Map<number, number>, after: Map<number, number>, requests: number): number | null {
  if (after.size === 0)
    return null
  let seconds = 0
  for (const [pid, used] of after)
    seconds += used - (before.get(pid) ?? 0)
  return seconds * 1e6 / requests
}
const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!

async function load(url: string, serverPid: number, setup: (req: autocannon.Request) => autocannon.Request): Promise<Result> {
  // A short warm-up first: a fresh server catches up its SLA sweep and audit chain, and JIT-compiles.
  await autocannon({ url, connections, duration: 2, requests: [{ setupRequest: setup }] })
  const before = { server: cpuSeconds([serverPid]), database: cpuSeconds(databasePids()) }
  const r = await autocannon({ url, connections, duration: seconds, requests: [{ setupRequest: setup }] })
  const cpu = {
    server: perRequest(before.server, cpuSeconds([serverPid]), r.requests.total),
    database: perRequest(before.database, cpuSeconds(databasePids()), r.requests.total),
  }
  if (process.env.BENCH_DEBUG) // what autocannon counted, to tell a stall from a slow server
    console.log(JSON.stringify({ total: r.requests.total, duration: r.duration, statusCodes: r.statusCodeStats, errors: r.errors, timeouts: r.timeouts, resets: r.resets }))
  return { reqPerSec: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, cpu }
}

const json = { 'content-type': 'application/json' }
function asCitizen(req: autocannon.Request, path: (w: typeof fx.citizens[number]) => string, body?: (w: typeof fx.citizens[number]) => unknown) {
  const who = pick(fx.citizens)
  return { ...req, path: path(who), ...(body ? { method: 'POST' as const, body: JSON.stringify(body(who)) } : {}), headers: { ...json, cookie: `xjt_session=${who.token}` } }
}
const asOfficer = (req: autocannon.Request, path: string, token = fx.cityOfficerToken) => ({ ...req, path, headers: { cookie: `xjt_session=${token}` } })
const searchAsOfficer = (req: autocannon.Request, token = fx.cityOfficerToken) => ({ ...req, method: 'POST' as const, path: '/api/officer/records/search', body: JSON.stringify({ q: pick(fx.surnames) }), headers: { ...json, cookie: `xjt_session=${token}` } })

/** Each hot route: what a person sends to the app, and the ceiling's bare equivalent. */
const allScenarios: { name: string, app: (r: autocannon.Request) => autocannon.Request, ceiling: (r: autocannon.Request) => autocannon.Request }[] = [
  {
    name: 'own record, with session check',
    app: r => asCitizen(r, w => `/api/records/${w.recordId}`),
    ceiling: r => ({ ...r, path: `/record?id=${pick(fx.citizens).recordId}` }),
  },
  {
    name: 'officer queue, first page',
    app: r => asOfficer(r, '/api/cases'),
    ceiling: r => ({ ...r, path: `/queue?unit=${encodeURIComponent(fx.cityUnitId)}` }),
  },
  {
    name: 'officer queue, a school registrar\'s first page',
    app: r => asOfficer(r, '/api/cases', fx.schoolOfficerToken),
    ceiling: r => ({ ...r, path: `/queue?unit=${encodeURIComponent(fx.schoolUnitId)}` }),
  },
  {
    name: 'officer search by name',
    app: r => searchAsOfficer(r),
    ceiling: r => ({ ...r, path: `/search?q=${encodeURIComponent(pick(fx.surnames))}` }),
  },
  {
    name: 'officer search by name, a school registrar',
    app: r => searchAsOfficer(r, fx.schoolOfficerToken),
    ceiling: r => ({ ...r, path: `/schoolSearch?school=${encodeURIComponent(fx.schoolUnitId)}&q=${encodeURIComponent(pick(fx.surnames))}` }),
  },
  {
    name: 'complaint submission (no attachments)',
    app: r => asCitizen(r, () => '/api/complaints', fx.complaint),
    ceiling: r => ({ ...r, method: 'POST', path: '/complaint', headers: json, body: JSON.stringify(fx.complaint(pick(fx.citizens))) }),
  },
]

const scenarios = allScenarios.filter(s => !values.only || s.name.includes(values.only))

function startCeiling(): Promise<{ base: string, pid: number, stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/ceiling.ts'], { env: { ...process.env, BENCH_DATABASE: location }, stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: { toString: () => string }) => {
      const port = /ceiling on (\d+)/.exec(chunk.toString())?.[1]
      if (port)
        resolve({ base: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => child.kill('SIGTERM') })
    })
    child.on('exit', code => reject(new Error(`ceiling exited (${code})`)))
  })
}

function startApp(): Promise<RunningServer> {
  ensureCompiledServer()
  return startCompiledServer({
    ...productionEnv,
    DEMO: 'true', // production mode refuses to start on a demo dataset; the build is the production one
    SMS_SENDER: 'outbox',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    TRUST_PROXY: 'true',
    DATA_DIR: dataDir,
    ...(pgUrl ? { DATABASE_URL: location } : {}),
  })
}

/** Waits until the server's catch-up work at start (SLA sweep, audit chain) no longer holds requests up. */
async function settled(base: string) {
  const who = fx.citizens[0]!
  for (let tries = 0; tries < 600; tries++) {
    const t = performance.now()
    await fetch(`${base}/api/records/${who.recordId}`, { headers: { cookie: `xjt_session=${who.token}` } })
    if (performance.now() - t < 50)
      return
    await new Promise(r => setTimeout(r, 500))
  }
}

// The app, then the ceiling, one at a time: each gets the machine to itself. (The app goes first: run
// after the ceiling's insert burst, its first route was measured stalled on this machine, cause not found.)
const app = await startApp()
await settled(app.base)
const appResults: Result[] = []
for (const s of scenarios)
  appResults.push(await load(app.base, app.child.pid!, s.app))
await app.stop()

const ceilingResults: Result[] = []
const ceiling = await startCeiling()
for (const s of scenarios)
  ceilingResults.push(await load(ceiling.base, ceiling.pid, s.ceiling))
ceiling.stop()

const ms = (n: number) => `${n} ms`
const cpuOf = (r: Result) => [r.cpu.server, r.cpu.database].map(n => n === null ? '–' : n.toFixed(0)).join(' · ')
const lines = [
  `${kind}, ${students.toLocaleString('en')} students, ${connections} connections, ${seconds} s per route (${new Date().toISOString().slice(0, 16)}Z)`,
  '',
  '| route | app req/s | p50 | p99 | errors / non-2xx | ceiling req/s | ceiling p99 | app / ceiling | CPU µs a request, app (server · database) | ceiling (server · database) |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...scenarios.map((s, i) => {
    const a = appResults[i]!
    const c = ceilingResults[i]!
    return `| ${s.name} | ${a.reqPerSec.toFixed(0)} | ${ms(a.p50)} | ${ms(a.p99)} | ${a.errors} / ${a.non2xx} | ${c.reqPerSec.toFixed(0)} | ${ms(c.p99)} | ${(100 * a.reqPerSec / c.reqPerSec).toFixed(0)}% | ${cpuOf(a)} | ${cpuOf(c)} |`
  }),
]
console.log(lines.join('\n'))

// One sweeper pass over the open cases, written afresh, with the servers stopped (PGlite is one process's).
if (Number(values.cases) > 0) {
  const reopened = await openDatabase(location)
  const sweep = await benchSweep(reopened.db, pgUrl ? 'postgres' : 'pglite', Number(values.cases))
  await reopened.close()
  const [busy, quiet] = sweep.passes
  console.log(`\nsweeper, ${sweep.open.toLocaleString('en')} open cases (${sweep.cases.toLocaleString('en')} bench cases written in ${(sweep.insertMs / 1000).toFixed(1)} s): `
    + `a pass with ${busy!.changed} changes of state ${(busy!.ms / 1000).toFixed(2)} s (${(busy!.ms / Math.max(1, busy!.changed)).toFixed(1)} ms per change); `
    + `the next pass, with ${quiet!.changed} to change, ${quiet!.ms.toFixed(0)} ms`)
}
if (pgUrl) {
  const plans = await explainHotQueries(location, fx)
  writeFileSync(join(dataDir, 'plans.md'), plans)
  console.log(`plans of the hot queries: ${join(dataDir, 'plans.md')}`)
}
