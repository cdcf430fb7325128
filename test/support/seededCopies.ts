import type { PGlite } from '@electric-sql/pglite'
import type { TestProject } from 'vitest/node'
import type { Database } from '../../server/db/client.ts'
import { Buffer } from 'node:buffer'
import { randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import postgres from 'postgres'
import { inject } from 'vitest'
import { openDatabase } from '../../server/db/client.ts'
import { createKeyring, hasKeyring, installKeyring, keyring } from '../../server/db/keyring.ts'
import { databaseUrl, scratchDatabase } from './scratchDatabase.ts'

// design: a test server used to start on a database migrated and seeded for it: about 4 s on PGlite
// (most of it PGlite's initdb) and 1 s on PostgreSQL, 44 % of the API tests' time. Each seeded
// kind is now built once per run, kept (a PGlite dump in a temporary directory, a PostgreSQL
// template database) and copied for each server: 0.6 s and 0.2 s. The copies are exact, so what a
// test sees is unchanged; a run removes its copies at the end (globalSetup below).

declare module 'vitest' {
  export interface ProvidedContext { seededCopiesRun: string }
}

const TEMPLATE_PREFIX = 'xjt_tpl_'
const pgliteDir = (run: string) => join(tmpdir(), `xjt-seeded-${run}`)
const STALE_MS = 24 * 3600_000

/** vitest globalSetup: names this run's copies, removes them after it, and any left by a killed run. */
export default async function setup(project: TestProject) {
  const run = `${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`
  project.provide('seededCopiesRun', run)
  const admin = process.env.TEST_DATABASE_URL ? postgres(process.env.TEST_DATABASE_URL, { max: 1, onnotice: () => {} }) : null
  const dropTemplates = async (which: (name: string) => boolean) => {
    const rows = admin ? await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`${TEMPLATE_PREFIX}%`}` : []
    for (const { datname } of rows.filter(r => which(r.datname)))
      await admin!.unsafe(`drop database if exists ${datname} with (force)`)
  }
  const bornAt = (name: string) => Number.parseInt(name.slice(TEMPLATE_PREFIX.length).split('_')[0]!, 36)
  await dropTemplates(name => Date.now() - bornAt(name) > STALE_MS)
  return async () => {
    rmSync(pgliteDir(run), { recursive: true, force: true })
    await dropTemplates(name => name.startsWith(`${TEMPLATE_PREFIX}${run}_`))
    await admin?.end()
  }
}

// One data key for every test server in this run, the same in every worker: the copies hold values
// sealed under it. A test that installs keys of its own gets no copy (copiesUsable).
const testDataKey = createKeyring(Buffer.alloc(32, 7))

/** Installs the test data key: every test file starts with it (test/support/testKey.ts), as the copies were sealed under it. */
export function installTestKey() {
  installKeyring(testDataKey)
}

/** Installs the test data key unless a test installed keys of its own; says whether copies can be used. */
export function copiesUsable() {
  if (!hasKeyring())
    installKeyring(testDataKey)
  return keyring().currentKeyId === testDataKey.currentKeyId
}

const dumps = new Map<string, Blob>()

/** A new in-memory PGlite database holding what `seed` writes, built once per run and `kind`. */
export async function seededPglite(kind: string, seed: (db: Database) => Promise<unknown>): Promise<Database> {
  return openDatabase('memory://', { pgliteDump: await seededPgliteDump(kind, seed) })
}

/** A PGlite dump (`dumpDataDir`) of a database holding what `seed` writes, built once per run and `kind`. */
export async function seededPgliteDump(kind: string, seed: (db: Database) => Promise<unknown>): Promise<Blob> {
  const file = join(pgliteDir(inject('seededCopiesRun')), `${kind}.tar`)
  if (!dumps.has(kind)) {
    try {
      dumps.set(kind, new Blob([new Uint8Array(readFileSync(file))]))
    }
    catch {
      const db = await openDatabase('memory://')
      await seed(db)
      const dump = await ((db.db as unknown as { $client: PGlite }).$client).dumpDataDir('none')
      await db.close()
      mkdirSync(pgliteDir(inject('seededCopiesRun')), { recursive: true })
      const partial = `${file}.${process.pid}`
      writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()))
      renameSync(partial, file) // whole or absent: another worker may be reading it
      dumps.set(kind, dump)
    }
  }
  return dumps.get(kind)!
}

/** A new PostgreSQL database beside TEST_DATABASE_URL's, a copy of a template holding what `seed` writes, built once per run and `kind`. */
export async function seededPostgres(kind: string, seed: (db: Database) => Promise<unknown>): Promise<{ url: string, drop: () => Promise<void> }> {
  const template = `${TEMPLATE_PREFIX}${inject('seededCopiesRun')}_${kind.replace(/\W/g, '_')}`
  const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} })
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${template}`
    if (!exists) {
      // Built under its own name and renamed when complete: a copy never starts from a half-seeded template.
      const building = `${template}_${process.pid}`
      await admin.unsafe(`create database ${building}`)
      const db = await openDatabase(databaseUrl(building))
      await seed(db)
      await db.close()
      await admin.unsafe(`alter database ${building} rename to ${template}`).catch(async () => {
        await admin.unsafe(`drop database ${building} with (force)`) // another worker's is already there
      })
    }
  }
  finally {
    await admin.end()
  }
  return scratchDatabase('xjt_test', template)
}
