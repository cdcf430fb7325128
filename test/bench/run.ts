// npm run bench [-- --students 20000] [--database postgres://…]
// Seeds a generated dataset and measures what users wait for, through HTTP on a real port:
// binding (ID lookup), an officer's name search in a jurisdiction, opening a record, a city's case
// queue, a 核查单 PDF, and the working-day calendar. Prints p50 / p95 in milliseconds. First, the
// production build's cold start (test/bench/coldStart.ts; it builds dist-server if it is stale).
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import { serve } from '@hono/node-server'
import { createApp } from '../../server/app.ts'
import { outboxSender } from '../../server/auth/sms.ts'
import { openDatabase } from '../../server/db/client.ts'
import { installDataKey } from '../../server/db/dataKey.ts'
import { featuredStudents } from '../../server/demo/generate.ts'
import { seedDemo } from '../../server/demo/seed.ts'
import { readEnv } from '../../server/env.ts'
import { createLogger } from '../../server/http/log.ts'
import { pushGateway } from '../../server/push/gateway.ts'
import { addWorkingDays } from '../../shared/calendar/index.ts'
import { measureColdStart } from './coldStart.ts'

const { values } = parseArgs({ options: { students: { type: 'string', default: '20000' }, database: { type: 'string' }, rounds: { type: 'string', default: '200' } } })
const students = Number(values.students)
const rounds = Number(values.rounds)

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(2)
  return `p50 ${at(0.5)} ms · p95 ${at(0.95)} ms · n=${s.length}`
}

async function time(label: string, n: number, run: (i: number) => Promise<unknown>) {
  const samples: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await run(i)
    samples.push(performance.now() - t0)
  }
  console.log(`${label.padEnd(38)} ${stats(samples)}`)
}

await measureColdStart(values.database)

const t0 = performance.now()
installDataKey({ DATA_DIR: 'unused' }, 'memory://') // a key for this run
const database = await openDatabase(values.database ?? 'memory://')
await seedDemo(database.db, { students })
console.log(`seeded ${students} students into ${database.kind} in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

const env = { ...readEnv({ SECRET: 'b'.repeat(32) }), DEMO: true }
const deps = { db: database.db, dbKind: database.kind, env, sms: outboxSender(database.db), push: pushGateway(env, database.db), log: createLogger({ level: 'warn' }), now: () => new Date() }
const server = serve({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1' })
await new Promise(r => server.once('listening', r))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`

function client() {
  let cookie = ''
  return async (path: string, init: RequestInit = {}) => {
    const res = await fetch(base + path, { ...init, headers: { 'content-type': 'application/json', 'origin': base.slice(0, -4), cookie, ...(init.headers as Record<string, string>) } })
    const set = res.headers.get('set-cookie')
    if (set)
      cookie = set.split(';')[0]!
    if (res.status >= 500)
      throw new Error(`${path}: ${res.status}`)
    return res
  }
}

const junior = featuredStudents().find(f => f.key === 'junior')!
const citizen = client()
await citizen('/auth/sms/send', { method: 'POST', body: JSON.stringify({ phone: '13999990000' }) })
const code = ((await (await citizen('/dev/sms-outbox', { method: 'POST', body: JSON.stringify({ phone: '13999990000' }) })).json()) as any).messages[0].code
await citizen('/auth/sms/verify', { method: 'POST', body: JSON.stringify({ phone: '13999990000', code }) })
await time('binding (ID lookup, wrong name)', 5, () => citizen('/bindings', { method: 'POST', body: JSON.stringify({ relation: 'self', name: '某某', idNumber: junior.record.idNumber }) }))
const bound = await (await citizen('/bindings', { method: 'POST', body: JSON.stringify({ relation: 'self', name: junior.record.name, idNumber: junior.record.idNumber }) })).json() as { recordId: string }
await time('open own record (student)', rounds, () => citizen(`/records/${bound.recordId}`))

const officer = client()
await officer('/auth/officer', { method: 'POST', body: JSON.stringify({ username: 'zhengzhou.city', password: 'xjt-demo-2026' }) })
const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄']
await time('officer name search in a city', rounds, i => officer('/officer/records/search', { method: 'POST', body: JSON.stringify({ q: surnames[i % surnames.length] }) }))
await time('officer opens a record (audited)', rounds, () => officer(`/records/${bound.recordId}`))
await time('city case queue', Math.min(rounds, 50), () => officer('/cases'))

const started = performance.now()
let n = 0
while (performance.now() - started < 500) {
  addWorkingDays('2025-09-26', 1 + (n % 40))
  n++
}
console.log(`${'calendar addWorkingDays'.padEnd(38)} ${(n / 0.5).toFixed(0)} calls/s`)

server.close()
await database.close()
