import type { TestServer, Visitor } from './harness.ts'
import { and, eq, like } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { accounts, auditEvents } from '../../server/db/schema/index.ts'
import { featuredStudents } from '../../server/demo/generate.ts'
import { buildWorld } from '../../server/demo/world.ts'
import { file, officer, parent, PASSWORD } from './complaintsKit.ts'
import { databaseKinds, startServer, TEST_START } from './harness.ts'
import { enrolTotp } from './totpKit.ts'

const world = buildWorld()
const school = world.featured.primary.unitId // 育英路小学, under 中原区
const county = world.featured.primary.registryAuthorityId // 中原区教育局
const schoolName = world.units.find(u => u.id === school)!.name
const NEW_PASSWORD = 'Huanghe-River-2026!'

function signInAs(v: Visitor, username: string, password: string) {
  return v.api.auth.officer.$post({ json: { username, password } })
}

describe.each(databaseKinds)('people: officers\' accounts on %s (issue 12)', (kind) => {
  let s: TestServer
  let countyAdmin: Visitor
  let cityAdmin: Visitor
  let schoolAdmin: Visitor
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    s = await startServer(kind)
    countyAdmin = await officer(s, 'zhongyuan.admin')
    cityAdmin = await officer(s, 'zhengzhou.admin')
    schoolAdmin = await officer(s, 'primary.admin')
    const [all] = [await s.database.db.select({ id: accounts.id, username: accounts.username }).from(accounts).where(eq(accounts.kind, 'officer'))]
    for (const a of all)
      ids[a.username!] = a.id
  })
  afterEach(() => s.clock.reset())
  afterAll(async () => { await s.close() })

  const create = (v: Visitor, json: { username: string, displayName: string, unitId: string, role: 'registrar' | 'officer' | 'head' | 'leader' | 'admin', officePhone?: string }) => v.api.admin.accounts.$post({ json })
  const listed = async (v: Visitor) => (await (await v.api.admin.accounts.$get()).json() as { accounts: { id: string, username: string, role: string, unitName: string, disabled: boolean, lastSignInAt: string | null, self: boolean, displayName: string }[] }).accounts
  const changes = async (v: Visitor) => (await (await v.api.admin['account-changes'].$get({ query: {} })).json() as { entries: { action: string, targetUsername: string | null, before: string | null, after: string | null, actorUsername: string | null, requireTotp: boolean | null, unitName: string | null }[] }).entries

  it('only an administrator reaches account management', async () => {
    const head = await officer(s, 'zhongyuan.head')
    const refused = await head.api.admin.accounts.$get()
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ code: 'ADMIN_ONLY' })
    expect(await (await head.api.admin.accounts[':id'].role.$put({ param: { id: ids['zhongyuan.head']! }, json: { role: 'admin' } })).json()).toMatchObject({ code: 'ADMIN_ONLY' })
  })

  it('an administrator lists the accounts of their unit and the units below, never those above or beside', async () => {
    const names = (await listed(countyAdmin)).map(a => a.username)
    expect(names).toEqual(expect.arrayContaining(['zhongyuan.admin', 'zhongyuan.officer', 'zhongyuan.head', 'primary.registrar', 'primary.admin']))
    expect(names).not.toContain('xiangfu.officer')
    expect(names).not.toContain('zhengzhou.city')
    expect(names).not.toContain('henan.province')
    expect((await listed(countyAdmin)).find(a => a.username === 'zhongyuan.admin')).toMatchObject({ self: true, role: 'admin' })
    expect((await listed(schoolAdmin)).map(a => a.username)).not.toContain('zhongyuan.officer')
  })

  it('creates an officer with a one-time password that must be changed at first sign-in; names and units are checked', async () => {
    const res = await create(countyAdmin, { username: 'yuying.wang', displayName: '王晓红', unitId: school, role: 'registrar', officePhone: '0371-66120999' })
    expect(res.status, await res.clone().text()).toBe(201)
    const { oneTimePassword, id } = await res.json() as { oneTimePassword: string, id: string }
    expect(oneTimePassword).toMatch(/^(?:[a-z2-9]{5}-){3}[a-z2-9]{5}$/i)
    const listedNew = (await listed(countyAdmin)).find(a => a.id === id)
    expect(listedNew).toMatchObject({ username: 'yuying.wang', role: 'registrar', disabled: false, lastSignInAt: null })
    expect(JSON.stringify(await (await countyAdmin.api.admin.accounts.$get()).json())).not.toContain(oneTimePassword) // shown once

    const v = s.visitor()
    expect(await (await signInAs(v, 'yuying.wang', oneTimePassword)).json()).toMatchObject({ role: 'registrar', mustChangePassword: true })
    expect(await (await v.api.cases.$get({ query: {} })).json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' })
    // Nor through what every signed-in account may call: a pupil's record at their own school, the inbox
    // (a review found both open); who they are and their sessions are.
    const pupil = featuredStudents().find(f => f.key === 'primary')!.record.id
    for (const res of [await v.api.records[':id'].$get({ param: { id: pupil } }), await v.api.notifications.$get({ query: {} })]) {
      expect(res.status).toBe(403)
      expect(await res.json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' })
    }
    expect((await v.api.me.$get()).status).toBe(200)
    expect((await v.api.auth.sessions.$get()).status).toBe(200)
    expect((await v.api.officer.security.password.$post({ json: { currentPassword: oneTimePassword, newPassword: NEW_PASSWORD } })).status).toBe(200)
    expect((await v.api.cases.$get({ query: {} })).status).toBe(200)
    expect((await v.api.records[':id'].$get({ param: { id: pupil } })).status).toBe(200)

    const taken = await create(countyAdmin, { username: 'yuying.wang', displayName: '王晓红', unitId: school, role: 'registrar' })
    expect(await taken.json()).toMatchObject({ code: 'USERNAME_TAKEN' })
    const wrongRole = await create(countyAdmin, { username: 'yuying.li', displayName: '李红', unitId: school, role: 'officer' })
    expect(await wrongRole.json()).toMatchObject({ code: 'ROLE_NOT_FOR_UNIT' })
    const above = await create(countyAdmin, { username: 'city.zhang', displayName: '张伟', unitId: 'u-410100', role: 'officer' })
    expect(above.status).toBe(404)
    expect(await above.json()).toMatchObject({ code: 'UNIT_NOT_FOUND' })
    const beside = await create(schoolAdmin, { username: 'county.zhang', displayName: '张伟', unitId: county, role: 'officer' })
    expect(beside.status).toBe(404)
  })

  it('sets roles, including admin, but nobody changes their own role', async () => {
    const res = await countyAdmin.api.admin.accounts[':id'].role.$put({ param: { id: ids['primary.registrar2']! }, json: { role: 'head' } })
    expect(res.status, await res.clone().text()).toBe(200)
    expect(await (await (await officer(s, 'primary.registrar2')).api.me.$get()).json()).toMatchObject({ role: 'head' })
    expect((await countyAdmin.api.admin.accounts[':id'].role.$put({ param: { id: ids['primary.registrar2']! }, json: { role: 'registrar' } })).status).toBe(200)
    const own = await countyAdmin.api.admin.accounts[':id'].role.$put({ param: { id: ids['zhongyuan.admin']! }, json: { role: 'head' } })
    expect(own.status).toBe(403)
    expect(await own.json()).toMatchObject({ code: 'OWN_ACCOUNT' })
    // The school's administrator cannot make themselves more by acting on the county's accounts either.
    expect((await schoolAdmin.api.admin.accounts[':id'].role.$put({ param: { id: ids['zhongyuan.admin']! }, json: { role: 'registrar' } })).status).toBe(404)
    expect(await (await countyAdmin.api.admin.accounts[':id'].disable.$post({ param: { id: ids['zhongyuan.admin']! } })).json()).toMatchObject({ code: 'OWN_ACCOUNT' })
    expect(await (await countyAdmin.api.admin.accounts[':id']['password-reset'].$post({ param: { id: ids['zhongyuan.admin']! } })).json()).toMatchObject({ code: 'OWN_ACCOUNT' })
  })

  it('answers 404 for accounts and units above or beside the administrator\'s unit', async () => {
    for (const target of ['xiangfu.officer', 'zhengzhou.city', 'henan.province', 'zhengzhou.admin']) {
      const id = ids[target]!
      expect((await countyAdmin.api.admin.accounts[':id'].role.$put({ param: { id }, json: { role: 'officer' } })).status, target).toBe(404)
      expect((await countyAdmin.api.admin.accounts[':id'].disable.$post({ param: { id } })).status, target).toBe(404)
      expect((await countyAdmin.api.admin.accounts[':id'].enable.$post({ param: { id } })).status, target).toBe(404)
      expect((await countyAdmin.api.admin.accounts[':id']['password-reset'].$post({ param: { id } })).status, target).toBe(404)
    }
    expect((await countyAdmin.api.admin.accounts[':id'].disable.$post({ param: { id: crypto.randomUUID() } })).status).toBe(404)
    expect((await countyAdmin.api.admin.units[':id'].security.$put({ param: { id: 'u-410100' }, json: { requireTotp: true } })).status).toBe(404)
    // Still signs in: nothing above was touched.
    await officer(s, 'xiangfu.officer')
  })

  it('a disabled account cannot sign in and its open sessions end; re-enabled it signs in again; it is kept, with its name', async () => {
    const target = await officer(s, 'zhongyuan.officer')
    expect((await target.api.cases.$get({ query: {} })).status).toBe(200)
    expect((await countyAdmin.api.admin.accounts[':id'].disable.$post({ param: { id: ids['zhongyuan.officer']! } })).status).toBe(200)
    expect((await target.api.cases.$get({ query: {} })).status).toBe(401)
    const again = await signInAs(s.visitor(), 'zhongyuan.officer', PASSWORD)
    expect(again.status).toBe(403)
    expect(await again.json()).toMatchObject({ code: 'ACCOUNT_DISABLED' })
    expect(await (await signInAs(s.visitor(), 'zhongyuan.officer', 'not-the-password')).json()).toMatchObject({ code: 'LOGIN_FAILED' })
    expect((await listed(countyAdmin)).find(a => a.username === 'zhongyuan.officer')).toMatchObject({ disabled: true, displayName: '周建华' })
    expect(await (await countyAdmin.api.admin.accounts[':id'].disable.$post({ param: { id: ids['zhongyuan.officer']! } })).json()).toMatchObject({ code: 'ACCOUNT_ALREADY_DISABLED' })
    expect(await (await countyAdmin.api.admin.accounts[':id']['password-reset'].$post({ param: { id: ids['zhongyuan.officer']! } })).json()).toMatchObject({ code: 'ACCOUNT_DISABLED' })

    expect((await countyAdmin.api.admin.accounts[':id'].enable.$post({ param: { id: ids['zhongyuan.officer']! } })).status).toBe(200)
    expect(await (await countyAdmin.api.admin.accounts[':id'].enable.$post({ param: { id: ids['zhongyuan.officer']! } })).json()).toMatchObject({ code: 'ACCOUNT_NOT_DISABLED' })
    await officer(s, 'zhongyuan.officer')
  })

  it('a reset ends the officer\'s sessions and gives a one-time password that must be changed at the next sign-in', async () => {
    const target = await officer(s, 'junior.registrar')
    // Two levels down: the city's administrator resets a school registrar in one of its counties.
    const res = await cityAdmin.api.admin.accounts[':id']['password-reset'].$post({ param: { id: ids['junior.registrar']! } })
    expect(res.status, await res.clone().text()).toBe(200)
    const { oneTimePassword } = await res.json() as { oneTimePassword: string }
    expect((await target.api.me.$get()).status).toBe(401)
    expect(await (await signInAs(s.visitor(), 'junior.registrar', PASSWORD)).json()).toMatchObject({ code: 'LOGIN_FAILED' })
    const v = s.visitor()
    expect(await (await signInAs(v, 'junior.registrar', oneTimePassword)).json()).toMatchObject({ mustChangePassword: true })
    expect(await (await v.api.officer.records.search.$post({ json: { q: '李' } })).json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' })
    expect((await v.api.officer.security.password.$post({ json: { currentPassword: oneTimePassword, newPassword: NEW_PASSWORD } })).status).toBe(200)
    expect(await (await v.api.me.$get()).json()).toMatchObject({ mustChangePassword: false })
  })

  it('shows each account\'s last sign-in', async () => {
    s.clock.advance(3 * 3600_000)
    await officer(s, 'primary.registrar')
    const row = (await listed(countyAdmin)).find(a => a.username === 'primary.registrar')!
    expect(row.lastSignInAt).toBe(new Date(TEST_START.getTime() + 3 * 3600_000).toISOString())
    // A failed sign-in is not a sign-in.
    s.clock.advance(3600_000)
    await signInAs(s.visitor(), 'primary.registrar', 'wrong-password')
    expect((await listed(countyAdmin)).find(a => a.username === 'primary.registrar')!.lastSignInAt).toBe(row.lastSignInAt)
  })

  it('an administrator requires TOTP for a unit below: its officers without it must enrol at their next sign-in', async () => {
    const res = await countyAdmin.api.admin.units[':id'].security.$put({ param: { id: school }, json: { requireTotp: true } })
    expect(res.status, await res.clone().text()).toBe(200)
    const units = (await (await countyAdmin.api.admin.units.$get()).json()).units
    expect(units.find(u => u.id === school)).toMatchObject({ requiresTotp: true, depth: 1 })
    expect(units.find(u => u.id === county)).toMatchObject({ requiresTotp: false, depth: 0 })
    const v = await officer(s, 'primary.registrar')
    expect(await (await v.api.me.$get()).json()).toMatchObject({ totp: { enabled: false, required: true } })
    expect(await (await v.api.cases.$get({ query: {} })).json()).toMatchObject({ code: 'SECOND_FACTOR_ENROLMENT_REQUIRED' })
    // Not required a level up: the county's own officers carry on.
    expect((await (await officer(s, 'zhongyuan.head')).api.cases.$get({ query: {} })).status).toBe(200)
    expect((await countyAdmin.api.admin.units[':id'].security.$put({ param: { id: school }, json: { requireTotp: false } })).status).toBe(200)
    expect((await v.api.cases.$get({ query: {} })).status).toBe(200)
  })

  it('officers change their own office phone', async () => {
    const v = await officer(s, 'zhongyuan.head')
    expect((await v.api.officer.security.phone.$put({ json: { officePhone: '0371-66129999' } })).status).toBe(200)
    expect(await (await v.api.officer.security.$get()).json()).toMatchObject({ officePhone: '0371-66129999' })
    expect((await v.api.officer.security.phone.$put({ json: { officePhone: 'call me' } })).status).toBe(400)
  })

  it('every change is audited and visible to the unit above; not to units beside', async () => {
    const county = await changes(countyAdmin)
    const actions = county.map(e => e.action)
    expect(actions).toEqual(expect.arrayContaining(['account.create', 'account.role', 'account.disable', 'account.enable', 'unit.security']))
    expect(county.find(e => e.action === 'account.role')).toMatchObject({ actorUsername: 'zhongyuan.admin', targetUsername: 'primary.registrar2', before: 'head', after: 'registrar' })
    expect(county.find(e => e.action === 'account.create')).toMatchObject({ targetUsername: 'yuying.wang', after: 'registrar' })
    // The city above sees the county's changes, and its own reset at a school two levels down.
    const city = await changes(cityAdmin)
    expect(city.map(e => e.action)).toEqual(expect.arrayContaining(['account.create', 'account.disable', 'account.passwordReset']))
    // The school's administrator sees the changes at the school only.
    const atSchool = await changes(schoolAdmin)
    expect(atSchool.length).toBeGreaterThan(0)
    expect(atSchool.every(e => e.unitName === schoolName)).toBe(true)
    expect(atSchool.map(e => e.targetUsername)).not.toContain('zhongyuan.officer')
    // The province's change at 开封 is not the city of 郑州's business.
    const province = await officer(s, 'province.admin')
    expect((await province.api.admin.accounts[':id'].role.$put({ param: { id: ids['xiangfu.officer']! }, json: { role: 'head' } })).status).toBe(200)
    expect((await changes(cityAdmin)).map(e => e.targetUsername)).not.toContain('xiangfu.officer')
    expect((await changes(province)).map(e => e.targetUsername)).toContain('xiangfu.officer')
  })

  it('an officer who lost their phone: the administrator clears the authenticator once, their sessions end, the password alone signs in and they enrol again', async () => {
    const created = await (await create(countyAdmin, { username: 'lost.phone', displayName: '赵磊', unitId: county, role: 'officer' })).json() as { oneTimePassword: string, id: string }
    const v = s.visitor()
    await signInAs(v, 'lost.phone', created.oneTimePassword)
    expect((await v.api.officer.security.password.$post({ json: { currentPassword: created.oneTimePassword, newPassword: NEW_PASSWORD } })).status).toBe(200)
    await enrolTotp(s, v)
    expect(await (await signInAs(s.visitor(), 'lost.phone', NEW_PASSWORD)).json()).toMatchObject({ code: 'SECOND_FACTOR_REQUIRED' })
    expect((await listed(countyAdmin)).find(a => a.id === created.id)).toMatchObject({ totpEnabled: true })

    const own = await countyAdmin.api.admin.accounts[':id']['totp-reset'].$post({ param: { id: ids['zhongyuan.admin']! } })
    expect(await own.json()).toMatchObject({ code: 'OWN_ACCOUNT' })
    expect((await schoolAdmin.api.admin.accounts[':id']['totp-reset'].$post({ param: { id: created.id } })).status).toBe(404) // above the school
    const burst = await Promise.all(Array.from({ length: 4 }, () => countyAdmin.api.admin.accounts[':id']['totp-reset'].$post({ param: { id: created.id } })))
    expect(burst.map(r => r.status).sort()).toEqual([200, 409, 409, 409])
    expect(await burst.find(r => (r.status as number) === 409)!.json()).toMatchObject({ code: 'TOTP_NOT_ENABLED' })

    expect((await v.api.me.$get()).status).toBe(401) // the old session ended
    const again = s.visitor()
    expect((await signInAs(again, 'lost.phone', NEW_PASSWORD)).status).toBe(200)
    expect(await (await again.api.me.$get()).json()).toMatchObject({ totp: { enabled: false } })
    await enrolTotp(s, again)
    expect((await changes(countyAdmin)).filter(e => e.action === 'account.totpReset')).toEqual([expect.objectContaining({ targetUsername: 'lost.phone', actorUsername: 'zhongyuan.admin' })])
  })
})

describe.each(databaseKinds)('people: concurrent changes on %s (issue 12)', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterAll(async () => { await s.close() })

  it('two administrators disabling one account at once: one succeeds, the rest are told it already is; one audit entry', async () => {
    const [county, city] = [await officer(s, 'zhongyuan.admin'), await officer(s, 'zhengzhou.admin')]
    const [target] = await s.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'zhongyuan.officer'))
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? county : city).api.admin.accounts[':id'].disable.$post({ param: { id: target!.id } })))
    const statuses = answers.map(r => r.status).sort()
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409])
    const entries = await s.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'account.disable'), eq(auditEvents.objectId, target!.id)))
    expect(entries).toHaveLength(1)
    // And back, in a burst again.
    const back = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? county : city).api.admin.accounts[':id'].enable.$post({ param: { id: target!.id } })))
    expect(back.filter(r => r.status === 200)).toHaveLength(1)
    await officer(s, 'zhongyuan.officer')
  })

  it('a disabled officer is not offered as a complaint\'s handler and cannot be given one', async () => {
    const county = await officer(s, 'zhongyuan.admin')
    const [gone] = await s.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'primary.registrar2'))
    expect((await county.api.admin.accounts[':id'].disable.$post({ param: { id: gone!.id } })).status).toBe(200)
    const id = await file(await parent(s))
    const intake = await officer(s, 'zhongyuan.officer')
    const options = await (await intake.api.complaints[':id']['handler-options'].$get({ param: { id } })).json() as { units: { id: string, people: { id: string }[] }[] }
    expect(options.units.flatMap(u => u.people.map(p => p.id))).not.toContain(gone!.id)
    const school = options.units.find(u => u.id === world.featured.primary.unitId)!
    const accepted = await intake.api.complaints[':id'].accept.$post({ param: { id }, json: { handlingUnitId: school.id, handlerId: gone!.id, matter: '学生出生日期登记错误，学校未予更正' } })
    expect(await accepted.json()).toMatchObject({ code: 'HANDLER_INVALID' })
  })

  it('a burst of resets: each administrator sees a password, exactly one of them works, each reset is audited', async () => {
    const county = await officer(s, 'zhongyuan.admin')
    const [target] = await s.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'primary.registrar'))
    const answers = await Promise.all(Array.from({ length: 4 }, () => county.api.admin.accounts[':id']['password-reset'].$post({ param: { id: target!.id } })))
    expect(answers.map(r => r.status)).toEqual([200, 200, 200, 200])
    const passwords = await Promise.all(answers.map(async r => (await r.json() as { oneTimePassword: string }).oneTimePassword))
    expect(new Set(passwords).size).toBe(4)
    const working = []
    for (const password of passwords) {
      const res = await signInAs(s.visitor(), 'primary.registrar', password)
      if (res.status === 200)
        working.push(password)
    }
    expect(working).toHaveLength(1)
    const entries = await s.database.db.select().from(auditEvents).where(and(like(auditEvents.action, 'account.passwordReset'), eq(auditEvents.objectId, target!.id)))
    expect(entries).toHaveLength(4)
  }, 60_000)
})
