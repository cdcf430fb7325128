// npm run bench:compare -- <buildDir> <buildDir> … [--route record|queue|search] [--rounds 3] [--seconds 8]
// Two or more builds of the server (copies of dist-server/, each with its migrations) on one route of the
// PostgreSQL bench database that `npm run bench:load` seeded (1,000,000 students), started one after the
// other in alternating rounds, so the machine's drift from one minute to the next falls on each build
// alike (issue 14: a run alone moved ±15 % with the neighbours). Prints each round and each build's
// medians: req/s, CPU µs a request (server · database, from /proc), p99.
//   cp -r dist-server .bench/before; (change, npm run build:server); cp -r dist-server .bench/after
import type { Buffer } from 'node:buffer'
import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import process from 'node:process'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { openDatabase } from '../../server/db/client.ts'
import { installDataKey } from '../../server/db/dataKey.ts'
import { productionEnv } from '../support/productionEnv.ts'
import { benchFixtures } from './fixtures.ts'

const { values, positionals: builds } = parseArgs({ allowPositionals: true, options: {
  route: { type: 'string', default: 'record' },
  rounds: { type: 'string', default: '3' },
  seconds: { type: 'string', default: '8' },
  students: { type: 'string', default: '1000000' },
} })
const admin = new URL(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
admin.pathname = `/xjt_bench_${values.students}`
const location = admin.toString()
const dataDir = `.bench/pg-${values.students}`
installDataKey({ DATA_KEY: productionEnv.DATA_KEY, DATA_DIR: dataDir }, location)
const database = await openDatabase(location)
const fx = await benchFixtures(database.db)
await database.close()

const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!
const routes: Record<string, (req: autocannon.Request) => autocannon.Request> = {
  record: (req) => {
    const who = pick(fx.citizens)
    return { ...req, path: `/api/records/${who.recordId}`, headers: { cookie: `xjt_session=${who.token}` } }
  },
  queue: req => ({ ...req, path: '/api/cases', headers: { cookie: `xjt_session=${fx.cityOfficerToken}` } }),
  search: req => ({ ...req, method: 'POST', path: '/api/officer/records/search', body: JSON.stringify({ q: pick(fx.surnames) }), headers: { 'content-type': 'application/json', 'cookie': `xjt_session=${fx.cityOfficerToken}` } }),
}
const setupRequest = routes[values.route!]
if (!setupRequest || builds.length === 0)
  throw new Error(`usage: compare.ts <buildDir>… [--route ${Object.keys(routes).join('|')}]`)

/** Seconds of CPU the processes have used; postgres: every PostgreSQL process on the machine. */
function cpuSeconds(pids: number[]) {
  let used = 0
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
      used += (Number(fields[11]) + Number(fields[12])) / 100
    }
    catch {} // gone meanwhile
  }
  return used
}
function isPostgres(pid: string) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres'
  }
  catch {
    return false
  }
}
const postgresPids = () => readdirSync('/proc').filter(d => /^\d+$/.test(d) && isPostgres(d)).map(Number)

async function start(dir: string): Promise<{ base: string, child: ChildProcess }> {
  const env = { PATH: process.env.PATH ?? '', ...productionEnv, DEMO: 'true', SMS_SENDER: 'outbox', HOST: '127.0.0.1', LOG_LEVEL: 'warn', TRUST_PROXY: 'true', DATA_DIR: dataDir, DATABASE_URL: location, PORT: '0' }
  const child = spawn(process.execPath, [`${dir}/main.js`], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const port = await new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString()
      const found = /localhost:(\d+)/.exec(output)
      if (found)
        resolve(found[1]!)
    }
    child.stdout!.on('data', collect)
    child.stderr!.on('data', collect)
    child.on('exit', () => reject(new Error(`${dir} exited: ${output}`)))
  })
  const base = `http://127.0.0.1:${port}`
  for (let waited = 0; (await fetch(`${base}/api/ready`).catch(() => null))?.status !== 200; waited += 50) {
    if (waited > 150_000)
      throw new Error(`${dir} not ready within 150 s`)
    await new Promise(r => setTimeout(r, 50))
  }
  return { base, child }
}

interface Round { reqPerSec: number, server: number, database: number, p99: number }
const results = new Map<string, Round[]>(builds.map(b => [b, []]))
for (let round = 0; round < Number(values.rounds); round++) {
  for (const build of builds) {
    const { base, child } = await start(build)
    const requests = [{ setupRequest }]
    await autocannon({ url: base, connections: 50, duration: 3, requests }) // JIT and the start's catch-up sweep
    const before = { server: cpuSeconds([child.pid!]), database: cpuSeconds(postgresPids()) }
    const r = await autocannon({ url: base, connections: 50, duration: Number(values.seconds), requests })
    const n = r.requests.total
    const result = { reqPerSec: n / r.duration, server: (cpuSeconds([child.pid!]) - before.server) * 1e6 / n, database: (cpuSeconds(postgresPids()) - before.database) * 1e6 / n, p99: r.latency.p99 }
    results.get(build)!.push(result)
    if (child.exitCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    console.log(`${build}, round ${round + 1}: ${result.reqPerSec.toFixed(0)} req/s, ${result.server.toFixed(0)} · ${result.database.toFixed(0)} µs, p99 ${result.p99} ms${r.errors + r.non2xx ? `, ${r.errors} errors, ${r.non2xx} non-2xx` : ''}`)
  }
}
const median = (list: number[]) => list.toSorted((a, b) => a - b)[Math.floor(list.length / 2)]!
for (const [build, rounds] of results)
  console.log(`${build}: median ${median(rounds.map(r => r.reqPerSec)).toFixed(0)} req/s, ${median(rounds.map(r => r.server)).toFixed(0)} · ${median(rounds.map(r => r.database)).toFixed(0)} µs, p99 ${median(rounds.map(r => r.p99))} ms`)
