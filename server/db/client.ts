import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import * as schema from './schema/index.ts'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema>
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export interface Database {
  db: Db
  kind: 'pglite' | 'postgres'
  close: () => Promise<void>
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

/**
 * Opens the database and brings its schema up to date.
 * `url` is a postgres:// URL, a directory for file-backed PGlite, or 'memory://'.
 */
export async function openDatabase(url: string): Promise<Database> {
  if (/^postgres(?:ql)?:\/\//.test(url))
    return openPostgres(url)
  if (url !== 'memory://')
    mkdirSync(url, { recursive: true })
  const client = new PGlite(url)
  const db = drizzlePglite(client, { schema })
  await migratePglite(db, { migrationsFolder })
  return { db: db as unknown as Db, kind: 'pglite', close: () => client.close() }
}

async function openPostgres(url: string): Promise<Database> {
  // Several API instances may start at once on one database: migrate under a session lock,
  // on a single connection so the lock and the migration share it.
  const migrator = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await migrator`select pg_advisory_lock(7291001)`
    await migratePostgres(drizzlePostgres(migrator, { schema }), { migrationsFolder })
    await migrator`select pg_advisory_unlock(7291001)`
  }
  finally {
    await migrator.end()
  }
  const client = postgres(url, { max: 10, onnotice: () => {} })
  const db = drizzlePostgres(client, { schema })
  return { db: db as unknown as Db, kind: 'postgres', close: () => client.end() }
}
