import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type { Env } from '../env.ts'
import { Buffer } from 'node:buffer'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { PGlite, types } from '@electric-sql/pglite'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import { prepareEveryPgliteStatement, prepareEveryStatement } from './prepared.ts'
import * as schema from './schema/index.ts'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema>
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export interface Database {
  db: Db
  kind: 'pglite' | 'postgres'
  close: () => Promise<void>
}

// server/db/migrations; beside the compiled server, dist-server/migrations (vite.server.config.ts copies them).
const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

// design (issue 14): postgres.js writes what a connection has to send once per event-loop turn, so under
// load a small pool sends several statements to each connection in one write, where a large one sends
// one each: 4 connections read records 5–8 % faster than 10, and officers' pages 15 %, with filings the
// same (bench/results.md, thirteenth pass). Blocking waits are few: each statement takes well under a
// millisecond, and a transaction holds its connection only while it runs.
export const DEFAULT_POOL_SIZE = 4

/** What a server opens with; the command-line tools take the defaults. */
export interface OpenOptions {
  /** Where a new PGlite database starts from (PGlite's `dumpDataDir`: a test's seeded copy). */
  pgliteDump?: Blob
  /** PostgreSQL connections kept open (`DATABASE_POOL_SIZE`). */
  poolSize?: number
}

const { BYTEA } = types
// PGlite answers bytea as hex text and rebuilds its bytes one at a time in JavaScript: a stored record
// page (read as its bytes, issue 14) took longer that way than as text. Node decodes hex at once.
const fromHex = (hex: string) => Buffer.from(hex.slice(2), 'hex')

/**
 * Opens the database and brings its schema up to date.
 * `url` is a postgres:// URL, a directory for file-backed PGlite, or 'memory://'.
 */
export async function openDatabase(url: string, { pgliteDump, poolSize }: OpenOptions = {}): Promise<Database> {
  if (/^postgres(?:ql)?:\/\//.test(url))
    return openPostgres(url, poolSize ?? DEFAULT_POOL_SIZE)
  const unlock = url === 'memory://' ? () => {} : lockDirectory(url)
  try {
    const client = new PGlite(url, { loadDataDir: pgliteDump, parsers: { [BYTEA]: fromHex } })
    const db = drizzlePglite(client, { schema })
    await migratePglite(db, { migrationsFolder })
    await prepareEveryPgliteStatement(client) // after the migrations, each run once: they need no names
    return { db: db as unknown as Db, kind: 'pglite', close: async () => {
      await client.close()
      unlock()
    } }
  }
  catch (e) {
    unlock()
    throw e
  }
}

/** Where the database of these settings lives: DATABASE_URL, or the embedded one under DATA_DIR. */
export const databaseLocation = (env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR'>) => env.DATABASE_URL ?? join(env.DATA_DIR, 'pglite')

/** A configuration problem found at start: the message names the setting; no stack trace is needed. */
export class StartupError extends Error {}

/**
 * PGlite is one process's database: a second process opening the same directory would get its own
 * diverging copy. The lock file holds the owner's pid; a lock left by a process that died is taken over.
 */
export function lockDirectory(dir: string): () => void {
  mkdirSync(dir, { recursive: true })
  const file = `${dir}.lock`
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' })
      return () => rmSync(file, { force: true })
    }
    catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
        throw e
    }
    const holder = Number(readFileSync(file, 'utf8'))
    if (Number.isInteger(holder) && holder > 0 && isRunning(holder))
      throw new StartupError(`The embedded database in ${dir} is in use by process ${holder}${holder === process.pid ? ' (this one)' : ''}. Stop that process or choose another DATA_DIR.`)
    rmSync(file, { force: true })
  }
  throw new StartupError(`Could not lock the embedded database in ${dir} (${file}).`)
}

function isRunning(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  }
  catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Names the server and the reason, never the password in the URL. */
function cannotConnect(url: string, e: { code?: string, message?: string }) {
  const u = new URL(url)
  const reason = e.code && /^[A-Z0-9_]+$/.test(e.code) ? e.code : 'connection failed'
  return new StartupError(`DATABASE_URL: cannot connect to PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname} (${reason}). Check that the server runs and the URL is right.`)
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // Several API instances may start at once on one database: migrate under a session lock,
  // on a single connection so the lock and the migration share it.
  const migrator = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 })
  try {
    await migrator`select pg_advisory_lock(7291001)`.catch((e) => {
      throw cannotConnect(url, e)
    })
    await migratePostgres(drizzlePostgres(migrator, { schema }), { migrationsFolder })
    await migrator`select pg_advisory_unlock(7291001)`
  }
  finally {
    await migrator.end()
  }
  const client = prepareEveryStatement(postgres(url, { max: poolSize, onnotice: () => {} }))
  const db = drizzlePostgres(client, { schema })
  return { db: db as unknown as Db, kind: 'postgres', close: () => client.end() }
}
