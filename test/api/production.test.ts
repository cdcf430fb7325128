import type { TestServer } from './harness.ts'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { units } from '../../server/db/schema/index.ts'
import { createAdministrator } from '../../server/production/admin.ts'
import { seedProvince } from '../../server/production/province.ts'
import { productionEnv } from '../support/productionEnv.ts'
import { databaseKinds, startServer } from './harness.ts'

describe.each(databaseKinds)('production mode on %s (issue 11)', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind, { production: true }) })
  afterAll(async () => { await s.close() })

  it('has no demo routes, no demo officers and no schools: only the province\'s bureaus', async () => {
    const v = s.visitor()
    expect((await v.api.dev['sms-outbox'].$post({ json: { phone: '13800000000' } })).status).toBe(404)
    expect((await v.api.dev['demo-accounts'].$get()).status).toBe(404)
    // The sign-in page is told there is no demo, so it offers no link to the demo outbox.
    expect(await (await v.api.session.$get()).json()).toEqual({ me: null, demo: false })
    const demoOfficer = await v.api.auth.officer.$post({ json: { username: 'henan.province', password: 'xjt-demo-2026' } })
    expect(await demoOfficer.json()).toMatchObject({ code: 'LOGIN_FAILED' })
    const kinds = await s.database.db.query.units.findMany({ columns: { kind: true } })
    expect(new Set(kinds.map(u => u.kind))).toEqual(new Set(['province', 'city', 'county']))
  })

  it('has a bureau for every city and every county of the province, from the region data; seeding again adds nothing, and only what is missing', async () => {
    const bureaus = await s.database.db.query.units.findMany({ columns: { id: true, kind: true, name: true, parentId: true } })
    const count = (kind: string) => bureaus.filter(u => u.kind === kind).length
    expect([count('province'), count('city'), count('county')]).toEqual([1, 18, 156]) // 济源 is a city here
    const byName = new Map(bureaus.map(u => [u.name, u]))
    expect(byName.get('洛阳市偃师区教育局')).toMatchObject({ id: 'u-410307', parentId: 'u-410300' })
    expect(byName.get('新县教育局')).toMatchObject({ id: 'u-411523', parentId: 'u-411500' })
    expect(byName.get('汝州市教育局')).toMatchObject({ parentId: 'u-410400' })
    expect(byName.get('济源市教育局')).toMatchObject({ kind: 'city', parentId: 'u-410000' })
    expect(await seedProvince(s.database.db, '410000')).toBe(0)
    // A database seeded by an older release, with fewer divisions: the next start adds the missing one.
    await s.database.db.delete(units).where(eq(units.id, 'u-411729'))
    expect(await seedProvince(s.database.db, '410000')).toBe(1)
    expect(await s.database.db.$count(units)).toBe(bureaus.length)
  })

  it('the first administrator signs in with the one-time password, can only change it, then works; the old one stops working', async () => {
    const { password } = await createAdministrator(s.database.db, { unit: '410000', username: 'henan.admin', name: '郭建军' })
    const v = s.visitor()
    const signedIn = await v.api.auth.officer.$post({ json: { username: 'henan.admin', password } })
    expect(await signedIn.json()).toMatchObject({ role: 'admin', unit: { id: 'u-410000' }, mustChangePassword: true })
    expect(await (await v.api.cases.$get({ query: {} })).json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' })
    const same = await v.api.officer.security.password.$post({ json: { currentPassword: password, newPassword: password } })
    expect(same.status).toBe(400)
    const changed = await v.api.officer.security.password.$post({ json: { currentPassword: password, newPassword: 'Huanghe-River-2026!' } })
    expect(changed.status).toBe(200)
    expect((await v.api.cases.$get({ query: {} })).status).toBe(200)
    expect(await (await v.api.me.$get()).json()).toMatchObject({ mustChangePassword: false })
    const again = await s.visitor().api.auth.officer.$post({ json: { username: 'henan.admin', password } })
    expect(await again.json()).toMatchObject({ code: 'LOGIN_FAILED' })
  })
})

describe('npm run admin:create', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xjt-admin-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
  const { DATABASE_URL: _, ...inherited } = process.env // the embedded database in DATA_DIR
  const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'server/production/cli.ts', ...args], {
    env: { ...inherited, ...productionEnv, DATA_DIR: dataDir },
    encoding: 'utf8',
  })

  it('on a fresh production database creates the province\'s bureaus and the administrator, printing the password once; a taken username fails', () => {
    const first = run('--unit', '410000', '--username', 'henan.admin', '--name', '郭建军')
    expect(first.stderr).toBe('')
    expect(first.stdout).toContain('Created henan.admin at 河南省教育厅.')
    expect(first.stdout).toMatch(/One-time password[^:]*: (?:[a-z2-9]{5}-){3}[a-z2-9]{5}\n/i)
    const again = run('--unit', '410000', '--username', 'henan.admin', '--name', '郭建军')
    expect(again.status).toBe(1)
    expect(again.stderr).toContain('--username: henan.admin is taken')
    const usage = run('--unit', '410000')
    expect(usage.status).toBe(2)
  }, 180_000) // three starts of the command, each migrating a new embedded database
})
