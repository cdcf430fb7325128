import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { PGlite } from '@electric-sql/pglite'
import { getTableConfig } from 'drizzle-orm/pg-core'
import postgres from 'postgres'
import { lockDirectory, StartupError } from '../db/client.ts'
import { recordPageChanges, recordPages, recordPageSweeps } from '../db/schema/index.ts'

/** A backup or restore that cannot go ahead; the message says why and names no personal data. */
export class BackupError extends Error {}

const isPostgres = (location: string) => /^postgres(?:ql)?:\/\//.test(location)

/** What a backup file holds, from its first bytes: PostgreSQL's custom format, or PGlite's gzipped tarball. */
function backupKind(file: string): 'postgres' | 'pglite' | 'unknown' {
  const head = readFileSync(file).subarray(0, 5)
  if (head.toString('latin1') === 'PGDMP')
    return 'postgres'
  return head[0] === 0x1F && head[1] === 0x8B ? 'pglite' : 'unknown'
}

/** The file name a backup gets when none is given: `backups/xuejitong-2026-12-01T02-00-00Z.dump`. */
export function defaultBackupFile(location: string, now = new Date()) {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')
  return join('backups', `xuejitong-${stamp}.${isPostgres(location) ? 'dump' : 'tar.gz'}`)
}

// Stored record pages and their change log are rebuilt from the tables, and their snapshots mean
// nothing on another server, whose transaction ids start elsewhere: their rows are left out.
const storedPageTables = [recordPages, recordPageChanges, recordPageSweeps].map(t => getTableConfig(t).name)

/**
 * Backs up the database at `location` into `file`: `pg_dump -Fc` for PostgreSQL (consistent while the
 * servers run), PGlite's own dump of its data directory for the embedded database (the server must be
 * stopped: it is one process's database). The data key is not in it (docs/deploy.md "Backups").
 */
export async function backup(location: string, file: string) {
  if (existsSync(file))
    throw new BackupError(`${file} exists; a backup never overwrites a file`)
  if (isPostgres(location)) {
    // (without the columns' compression methods: a backup restores on a PostgreSQL built without lz4, migration 0041)
    runPgTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--no-toast-compression', ...storedPageTables.map(t => `--exclude-table-data=${t}`), `--file=${file}`], location)
    return
  }
  if (!existsSync(join(location, 'PG_VERSION')))
    throw new BackupError(`no embedded database in ${location} (DATA_DIR)`)
  const unlock = lock(location)
  try {
    const client = new PGlite(location)
    try {
      await client.waitReady // dumpDataDir before the database is up never settles
      const dump = await client.dumpDataDir('gzip')
      writeFileSync(file, new Uint8Array(await dump.arrayBuffer()), { flag: 'wx', mode: 0o600 })
    }
    finally {
      await client.close()
    }
  }
  finally {
    unlock()
  }
}

/**
 * Replaces the database at `location` with the backup in `file`; the servers must be stopped. On
 * PostgreSQL the tables are dropped and restored in one transaction, so a failure leaves the database
 * as it was; on PGlite the old data directory is kept beside the new one (`…pglite.before-restore-…`).
 * The next start applies any migration newer than the backup.
 */
export async function restore(location: string, file: string) {
  if (!existsSync(file))
    throw new BackupError(`${file}: no such file`)
  const kind = backupKind(file)
  const expected = isPostgres(location) ? 'postgres' : 'pglite'
  if (kind !== expected)
    throw new BackupError(`${file} is ${kind === 'unknown' ? 'not a backup of 学籍通' : `a ${kind === 'postgres' ? 'PostgreSQL' : 'PGlite'} backup`}; this database is ${expected === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'the embedded PGlite (DATA_DIR)'}`)
  return isPostgres(location) ? restorePostgres(location, file) : restorePglite(location, file)
}

async function restorePostgres(url: string, file: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 })
  try {
    const rows = await sql<{ others: number }[]>`select count(*)::int as others from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.catch((e) => {
      throw new BackupError(`cannot connect to PostgreSQL (${e.code ?? 'connection failed'})`)
    })
    const others = rows[0]?.others ?? 0
    if (others > 0)
      throw new BackupError(`${others} other connection(s) to this database: stop every server instance (systemctl stop 'xuejitong@*') before restoring`)
  }
  finally {
    await sql.end()
  }
  // pg_restore writes the SQL; psql runs it after dropping what is there, all in one transaction.
  const work = mkdtempSync(join(tmpdir(), 'xjt-restore-'))
  try {
    const script = join(work, 'restore.sql')
    runPgTool('pg_restore', ['--no-owner', '--no-privileges', `--file=${script}`, file])
    const clear = join(work, 'clear.sql')
    writeFileSync(clear, 'drop schema if exists drizzle cascade;\ndrop schema public cascade;\ncreate schema public;\n')
    runPgTool('psql', ['--quiet', '--no-psqlrc', '--single-transaction', '--set=ON_ERROR_STOP=1', `--file=${clear}`, `--file=${script}`], url)
  }
  finally {
    rmSync(work, { recursive: true, force: true })
  }
}

async function restorePglite(dir: string, file: string) {
  const unlock = lock(dir)
  try {
    const aside = existsSync(dir) && readdirSync(dir).length > 0 ? `${dir}.before-restore-${Date.now()}` : null
    if (aside)
      renameSync(dir, aside)
    try {
      const client = new PGlite(dir, { loadDataDir: new Blob([new Uint8Array(readFileSync(file))]) })
      await client.query('select 1')
      await client.close()
    }
    catch (e) {
      rmSync(dir, { recursive: true, force: true })
      if (aside)
        renameSync(aside, dir)
      throw new BackupError(`${file} could not be restored (${(e as Error).message}); the database is unchanged`)
    }
    return { keptAside: aside }
  }
  finally {
    unlock()
  }
}

function lock(dir: string) {
  try {
    return lockDirectory(dir)
  }
  catch (e) {
    if (e instanceof StartupError)
      throw new BackupError(`${e.message} Backups and restores of the embedded database need the server stopped.`)
    throw e
  }
}

/** The newest PostgreSQL client tools: PATH's may be older than the server; Debian keeps each major under /usr/lib/postgresql. */
function pgTool(name: string) {
  const root = '/usr/lib/postgresql'
  const majors = existsSync(root) ? readdirSync(root).filter(v => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : []
  for (const major of majors) {
    const path = join(root, major, 'bin', name)
    if (existsSync(path))
      return path
  }
  return name
}

/** Runs a PostgreSQL tool; the password goes in PGPASSWORD, never on a command line others can read. */
function runPgTool(name: string, args: string[], url?: string) {
  const env = { ...process.env }
  const fullArgs = [...args]
  if (url) {
    const u = new URL(url)
    if (u.password)
      env.PGPASSWORD = decodeURIComponent(u.password)
    u.password = ''
    fullArgs.push(`--dbname=${u.toString()}`)
  }
  const run = spawnSync(pgTool(name), fullArgs, { env, encoding: 'utf8' })
  if (run.error)
    throw new BackupError(`${name} is not installed (the PostgreSQL client tools: apt install postgresql-client)`)
  if (run.status !== 0)
    throw new BackupError(`${name} failed: ${run.stderr.trim().split('\n').slice(0, 3).join(' ')}`)
}
