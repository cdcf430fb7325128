// The same-run ceiling for `npm run bench:load`: a bare node:http server that answers each hot route
// with the one SQL statement it minimally needs (no framework, no sessions, no sealing), on the same
// database. Started as its own process; prints "ceiling on <port>".
//   BENCH_DATABASE=postgres://… or a PGlite directory
import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createServer } from 'node:http'
import process from 'node:process'
import { PGlite } from '@electric-sql/pglite'
import postgres from 'postgres'

const location = process.env.BENCH_DATABASE!
type Query = (text: string, params: unknown[]) => Promise<unknown[]>
type Transaction = (statements: [string, unknown[]][]) => Promise<void>

function connect(): { query: Query, transaction: Transaction } {
  if (location.startsWith('postgres')) {
    const pg = postgres(location, { max: 10, onnotice: () => {} })
    return {
      query: (text, params) => pg.unsafe(text, params as never[], { prepare: true }),
      transaction: async (statements) => {
        await pg.begin(async (tx) => {
          for (const [text, params] of statements)
            await tx.unsafe(text, params as never[], { prepare: true })
        })
      },
    }
  }
  const lite = new PGlite(location)
  return {
    query: async (text, params) => (await lite.query(text, params)).rows,
    transaction: async (statements) => {
      await lite.transaction(async (tx) => {
        for (const [text, params] of statements)
          await tx.query(text, params)
      })
    },
  }
}

const db = connect()
await db.query(`create table if not exists bench_ceiling_complaints (id uuid primary key default gen_random_uuid(), request_id uuid unique not null, body jsonb not null, created_at timestamptz not null default now())`, [])
await db.query(`create table if not exists bench_ceiling_audit (seq bigserial primary key, complaint_id uuid not null, at timestamptz not null default now())`, [])

function body(req: IncomingMessage) {
  return new Promise<string>((resolve) => {
    let s = ''
    req.on('data', (c: string) => (s += c))
    req.on('end', () => resolve(s))
  })
}

const routes: Record<string, (url: URL, req: IncomingMessage) => Promise<unknown>> = {
  // One indexed lookup of the record's row.
  record: async url => (await db.query('select to_jsonb(r) as record from student_records r where id = $1', [url.searchParams.get('id')]))[0],
  // The first 20 cases a unit sees, in the queue's order (least time left) off its index.
  queue: async url => db.query(`select c.id, c.status, r.queue_key from case_reach r join complaints c on c.id = r.complaint_id where r.unit_id = $1 order by r.queue_key nulls last, r.complaint_id limit 20`, [url.searchParams.get('unit')]),
  // Names starting with a surname, 20 of them.
  search: async url => db.query(`select id, name from student_records where name collate "C" like $1 order by name collate "C" limit 20`, [`${url.searchParams.get('q')}%`]),
  // The same within one school.
  schoolSearch: async url => db.query(`select id, name from student_records where school_unit_id = $1 and name collate "C" like $2 order by name collate "C" limit 20`, [url.searchParams.get('school'), `${url.searchParams.get('q')}%`]),
  // The complaint's JSON and an audit row in one transaction.
  complaint: async (_url, req) => {
    const doc = JSON.parse(await body(req))
    const id = crypto.randomUUID()
    await db.transaction([
      ['insert into bench_ceiling_complaints (id, request_id, body) values ($1, $2, $3) on conflict (request_id) do nothing', [id, doc.requestId, doc]],
      ['insert into bench_ceiling_audit (complaint_id) values ($1)', [id]],
    ])
    return { id }
  },
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://ceiling')
  const route = routes[url.pathname.slice(1)]
  if (!route) {
    res.writeHead(404).end()
    return
  }
  const answer = JSON.stringify(await route(url, req))
  res.writeHead(200, { 'content-type': 'application/json' }).end(answer)
})
server.listen(0, '127.0.0.1', () => console.log(`ceiling on ${(server.address() as AddressInfo).port}`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
