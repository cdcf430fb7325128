import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accounts, recordPages, units } from '../../server/db/schema/index.ts'
import { readEnv } from '../../server/env.ts'
import { createAdministrator } from '../../server/production/admin.ts'
import { serveApp } from '../../server/serve.ts'
import { productionEnv } from '../support/productionEnv.ts'
import { scratchDatabase } from '../support/scratchDatabase.ts'
import { databaseKinds } from './harness.ts'

// docs/deploy.md "Backups": back up, change data, restore; the app starts on the restored database
// and the data is as it was. PostgreSQL runs in a database of its own (test_backup_…), dropped after.
describe.each(databaseKinds)('npm run backup and npm run restore on %s (issue 11)', (kind) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xjt-backup-'))
  const settings: Record<string, string> = { ...productionEnv, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }
  let dropDatabase = async () => {}

  beforeAll(async () => {
    if (kind !== 'postgres')
      return
    const scratch = await scratchDatabase('test_backup')
    settings.DATABASE_URL = scratch.url
    dropDatabase = scratch.drop
  })
  afterAll(async () => {
    await dropDatabase()
    rmSync(dataDir, { recursive: true, force: true })
  })

  /** `npm run backup` / `npm run restore` with the deployment's settings. */
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'server/ops/cli.ts', ...args], { env: { PATH: process.env.PATH ?? '', ...settings }, encoding: 'utf8' })
  const start = () => serveApp(readEnv({ ...settings, PORT: '0', HOST: '127.0.0.1', COOKIE_SECURE: 'false' }), { distDir: join(dataDir, 'no-app') })
  const signIn = async (port: number, username: string, password: string) => {
    const base = `http://127.0.0.1:${port}`
    const res = await fetch(`${base}/api/auth/officer`, { method: 'POST', headers: { 'content-type': 'application/json', 'origin': base }, body: JSON.stringify({ username, password }) })
    return res.json() as Promise<Record<string, unknown>>
  }

  it('backs up; after changes, a restore brings the data back as it was and the server starts on it; both refuse a running embedded database', async () => {
    const file = join(dataDir, 'backups', `before.${kind === 'postgres' ? 'dump' : 'tar.gz'}`)
    let running = await start()
    const first = await createAdministrator(running.database.db, { unit: '410000', username: 'henan.admin', name: '郭建军' })
    // A stored record page: a cache, which a PostgreSQL dump leaves out (rebuilt at the next read).
    await running.database.db.execute(sql`insert into record_pages (record_id, format, built_in, depends_on, page) values (gen_random_uuid(), 'backup-test', pg_current_snapshot(), '{}', '{}')`)
    if (kind === 'pglite') {
      const busy = cli('backup', file)
      expect(busy.status).toBe(1)
      expect(busy.stderr).toMatch(/in use by process \d.*need the server stopped/)
      await running.close()
    }
    const backedUp = cli('backup', file) // PostgreSQL: while the server runs (pg_dump takes a consistent snapshot)
    expect(backedUp.stderr).toBe('')
    expect(backedUp.stdout).toContain(`to ${file}`)
    expect(backedUp.stdout).toContain('DATA_KEY')
    expect(cli('backup', file).stderr).toContain('exists; a backup never overwrites a file')
    if (kind === 'postgres')
      await running.close()

    // Changes after the backup: a second administrator, a renamed one, a bureau gone.
    running = await start()
    const second = await createAdministrator(running.database.db, { unit: '410100', username: 'zhengzhou.admin', name: '李红' })
    await running.database.db.update(accounts).set({ displayName: '改过的名字' }).where(eq(accounts.username, 'henan.admin'))
    await running.database.db.delete(units).where(eq(units.id, 'u-411729'))
    expect(await signIn(running.port, 'zhengzhou.admin', second.password)).toMatchObject({ mustChangePassword: true })
    const busy = cli('restore', file)
    expect(busy.status).toBe(1)
    expect(busy.stderr).toMatch(kind === 'postgres' ? /other connection\(s\) to this database: stop every server instance/ : /in use by process \d+/)
    await running.close()

    const restored = cli('restore', file)
    expect(restored.stderr).toBe('')
    expect(restored.stdout).toContain(`from ${file}`)

    running = await start()
    try {
      expect(await signIn(running.port, 'henan.admin', first.password)).toMatchObject({ displayName: '郭建军', mustChangePassword: true })
      expect(await signIn(running.port, 'zhengzhou.admin', second.password)).toMatchObject({ code: 'LOGIN_FAILED' })
      expect(await running.database.db.$count(units)).toBe(175)
      expect(await running.database.db.$count(units, eq(units.id, 'u-411729'))).toBe(1)
      // PGlite's backup is a copy of its files, the page with them.
      expect(await running.database.db.$count(recordPages)).toBe(kind === 'postgres' ? 0 : 1)
    }
    finally {
      await running.close()
    }
    if (kind === 'pglite')
      expect(readdirSync(dataDir).some(f => f.startsWith('pglite.before-restore-'))).toBe(true)
  }, 300_000)

  it('refuses a file that is not a backup of this kind of database, and changes nothing', async () => {
    const junk = join(dataDir, 'junk.dump')
    writeFileSync(junk, 'not a backup')
    const refused = cli('restore', junk)
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain('not a backup of 学籍通')
    expect(cli('restore').status).toBe(2)
  }, 60_000)

  it('without a file name, writes backups/xuejitong-<UTC time>.<dump or tar.gz>', () => {
    const made = cli('backup')
    expect(made.stderr).toBe('')
    const file = /to (backups\/xuejitong-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.(?:dump|tar\.gz))\./.exec(made.stdout)?.[1]
    expect(file?.endsWith(kind === 'postgres' ? '.dump' : '.tar.gz')).toBe(true)
    expect(statSync(file!).size).toBeGreaterThan(0)
    rmSync(file!)
  }, 60_000)
})
