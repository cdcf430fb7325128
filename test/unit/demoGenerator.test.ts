import type { PgTable } from 'drizzle-orm/pg-core'
import { count } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { parseIdNumber } from '#shared/idNumber.ts'
import { verifyPassword } from '../../server/auth/password.ts'
import { openDatabase } from '../../server/db/client.ts'
import { installDataKey } from '../../server/db/dataKey.ts'
import { accounts, diplomaRegistrations, recordGuardians, registrationEvents, schools, studentRecords, units } from '../../server/db/schema/index.ts'
import { DEMO_PASSWORD, demoAccounts, demoAccountsSchema, demoOfficers, formatDemoLogins } from '../../server/demo/accounts.ts'
import { featuredStudents, generateStudents, makeContext } from '../../server/demo/generate.ts'
import { REFERENCE_DATE } from '../../server/demo/identity.ts'
import { seedDemo } from '../../server/demo/seed.ts'
import { buildWorld } from '../../server/demo/world.ts'
import { issueDateProblem } from '../../shared/certificates/issueDate.ts'

const world = buildWorld(2000)
const students = [...generateStudents(makeContext(world, 42), 0, 2000)]
const age = (birth: string) => Number(REFERENCE_DATE.slice(0, 4)) - Number(birth.slice(0, 4)) - (REFERENCE_DATE.slice(5) < birth.slice(5) ? 1 : 0)

describe('demo generator', () => {
  it('regenerates the same data from the same seed, and the featured students from nothing', () => {
    expect(featuredStudents()).toEqual(featuredStudents())
    expect([...generateStudents(makeContext(world, 42), 0, 300)]).toEqual(students.slice(0, 300))
    const other = [...generateStudents(makeContext(world, 43), 0, 300)]
    expect(other.slice(0, 5)).toEqual(students.slice(0, 5)) // featured rows do not depend on the seed
    expect(other.slice(5).map(s => s.record.idNumber)).not.toEqual(students.slice(5, 300).map(s => s.record.idNumber))
    expect(students.slice(0, 5)).toEqual(featuredStudents())
  })

  it('gives every student and family member a valid ID number that agrees with birth date and gender (GB 11643)', () => {
    for (const s of students) {
      const r = s.record
      if (r.temporary) {
        expect(r.idNumber).toBeNull()
        expect(r.registryNo).toMatch(/^L\d{17}$/) // 004:1 temporary record
        continue
      }
      const parsed = parseIdNumber(r.idNumber!)
      expect(parsed.ok, r.idNumber!).toBe(true)
      if (parsed.ok)
        expect([parsed.value.birthDate, parsed.value.gender]).toEqual([r.birthDate, r.gender])
      for (const g of s.guardians) {
        const pg = parseIdNumber(g.idNumber!)
        expect(pg.ok && age(pg.value.birthDate) >= 18 && pg.value.gender === (g.relation.includes('父') ? 'male' : 'female'), `${g.relation} ${g.idNumber}`).toBe(true)
      }
    }
  })

  it('keeps ID numbers, registry numbers, phones and diploma numbers unique', () => {
    const unique = (xs: (string | null | undefined)[]) => new Set(xs).size === xs.length
    expect(unique(students.flatMap(s => s.record.idNumber ?? []))).toBe(true)
    expect(unique(students.map(s => s.record.registryNo))).toBe(true)
    expect(unique(students.flatMap(s => s.guardians.map(g => g.phone)))).toBe(true)
    expect(unique(students.flatMap(s => s.diploma?.diplomaNo ?? []))).toBe(true)
    expect(students.flatMap(s => s.guardians.map(g => g.phone)).every(p => /^1[3-9]\d{9}$/.test(p!))).toBe(true)
  })

  it('numbers K-12 records G + ID number and places each pupil in the grade of their age', () => {
    const school = new Map(world.schools.map(s => [s.unitId, s]))
    const primaryAge: Record<string, number[]> = { 一年级: [6, 7], 二年级: [7, 8], 三年级: [8, 9], 四年级: [9, 10], 五年级: [10, 11], 六年级: [11, 12] }
    for (const { record: r, guardians, events } of students) {
      const level = school.get(r.schoolUnitId)!.level
      if (['primary', 'junior', 'senior'].includes(level) && !r.temporary)
        expect(r.registryNo).toBe(`G${r.idNumber}`)
      // A year of 休学 puts a pupil one grade behind their age.
      if (level === 'primary' && !events.some(e => e.changeType === '复学'))
        expect(primaryAge[r.grade!], `${r.birthDate} ${r.grade}`).toContain(age(r.birthDate))
      if (age(r.birthDate) < 18)
        expect(guardians.some(g => g.isGuardian)).toBe(true)
      expect(guardians.map(g => g.ordinal)).toEqual(guardians.map((_, k) => k + 1))
    }
  })

  it('issues every diploma on its graduation day (002:18)', () => {
    const withDiploma = students.filter(s => s.diploma)
    expect(withDiploma.length).toBeGreaterThan(100)
    for (const s of withDiploma)
      expect(s.diploma!.issuedOn).toBe(s.events.find(e => e.kind === 'graduation')!.occurredOn)
  })

  it('a diploma whose issue date is not its graduation date is refused where diplomas are loaded (002:18)', () => {
    expect(issueDateProblem({ issuedOn: '2026-07-08' }, '2026-06-22')).toContain('002:18')
    expect(issueDateProblem({ issuedOn: '2026-06-22' }, undefined)).toContain('毕业记录')
    expect(issueDateProblem({ issuedOn: '2026-06-22' }, '2026-06-22')).toBeNull()
  })

  it('gives every graduate of a vocational or higher school a diploma registration (002:17, 003:17)', () => {
    const graduates = students.filter(s => s.record.status === 'graduated')
    expect(graduates.length).toBeGreaterThan(100)
    for (const s of graduates) {
      expect(s.diploma?.recordId).toBe(s.record.id)
      expect(s.events.at(-1)?.kind).toBe('graduation')
    }
    expect(new Set(graduates.map(s => s.diploma!.educationLevel))).toEqual(new Set(['中职', '专科', '本科']))
    // Nothing happens after the day the demo stands on.
    expect(students.flatMap(s => [...s.events.map(e => e.occurredOn), s.diploma?.issuedOn ?? '']).every(d => d <= REFERENCE_DATE)).toBe(true)
    expect(students.some(s => s.events.some(e => e.changeType === '转学'))).toBe(true)
    expect(students.some(s => s.events.some(e => e.changeType === '复学'))).toBe(true)
  })

  it('runs every school under a registry authority that is its parent unit (003:5)', () => {
    const unit = new Map(world.units.map(u => [u.id, u]))
    for (const s of world.schools) {
      const authority = unit.get(s.registryAuthorityId)!
      expect(['county', 'city', 'province']).toContain(authority.kind)
      expect(unit.get(s.unitId)).toMatchObject({ kind: 'school', parentId: authority.id, path: `${authority.path}${s.unitId}/` })
    }
    const runBy = (level: string, kind: string) => world.schools.some(s => s.level === level && unit.get(s.registryAuthorityId)!.kind === kind)
    expect([runBy('senior', 'city'), runBy('vocational', 'county'), runBy('vocational', 'city'), runBy('higher', 'province')]).toEqual([true, true, true, true])
    for (const level of ['primary', 'junior', 'senior', 'vocational', 'higher'])
      expect(world.schools.some(s => s.level === level)).toBe(true)
  })
})

describe('seedDemo', () => {
  it('fills an empty database once, with the featured rows and the officers', async () => {
    installDataKey({ DATA_DIR: 'unused' }, 'memory://')
    const { db, close } = await openDatabase('memory://')
    try {
      expect(await seedDemo(db, { students: 300, seed: 42 })).toBe(true)
      const expected = buildWorld(300)
      const generated = students.slice(0, 300)
      const n = async (table: PgTable) => (await db.select({ n: count() }).from(table))[0]!.n
      expect(await n(units)).toBe(expected.units.length)
      expect(await n(schools)).toBe(expected.schools.length)
      expect(await n(studentRecords)).toBe(300)
      expect(await n(recordGuardians)).toBe(generated.reduce((k, s) => k + s.guardians.length, 0))
      expect(await n(registrationEvents)).toBe(generated.reduce((k, s) => k + s.events.length, 0))
      expect(await n(diplomaRegistrations)).toBe(generated.filter(s => s.diploma).length)
      expect(await n(accounts)).toBe(demoOfficers().length)

      const rows = await db.select().from(studentRecords)
      for (const f of featuredStudents())
        expect(rows.find(r => r.id === f.record.id)).toMatchObject(f.record)

      const demo = demoAccountsSchema.parse(await demoAccounts(db))
      expect(demo.officers.map(o => o.username)).toEqual(demoOfficers().map(o => o.username))
      expect(demo.guardians[0]?.phone).toMatch(/^1390371\d{4}$/)
      expect(formatDemoLogins(demo)).toContain(DEMO_PASSWORD)
      const [officer] = await db.select().from(accounts).limit(1)
      expect(await verifyPassword(DEMO_PASSWORD, officer!.passwordHash!)).toBe(true)

      expect(await seedDemo(db, { students: 300 })).toBe(false)
      expect(await n(studentRecords)).toBe(300)
    }
    finally {
      await close()
    }
  }, 60_000)
})
