import type { TestServer } from './harness.ts'
import { Buffer } from 'node:buffer'
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq, isNotNull, sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { createKeyring, installKeyring, keyring } from '../../server/db/keyring.ts'
import { resealStale } from '../../server/db/reseal.ts'
import { complaints, studentRecords } from '../../server/db/schema/index.ts'
import { maskIdNumber, maskRegistryNoForList } from '../../shared/idNumber.ts'
import { findPersonalNumbers } from '../support/personalNumbers.ts'
import { complaintInput, featured, file, mother, officer, parent, primary } from './complaintsKit.ts'
import { databaseKinds, startServer } from './harness.ts'

/** What a person who walks off with the database files, or a dump, would find. */
function identityNumbersIn(bytes: Buffer) {
  const found = findPersonalNumbers(bytes.toString('latin1'))
  // Phones stay searchable in the clear (issue 9): finding them proves the scan reads the data.
  expect(found.phones).toContain(mother.phone)
  return found.idNumbers
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** A parent binds her child and files a complaint: every table that holds an ID number gets a row. */
async function fillEveryTable(s: TestServer) {
  const mum = await parent(s)
  const bound = await mum.api.bindings.$post({ json: { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber!, childName: primary.record.name, childIdNumber: primary.record.idNumber! } })
  expect(bound.status).toBe(200)
  await file(mum, complaintInput())
  // The officer finds the child by ID number: the blind index answers, the value was never compared.
  const found = await (await officer(s, 'zhongyuan.officer')).api.officer.records.search.$post({ json: { q: primary.record.idNumber! } })
  expect((await found.json() as { records: { name: string }[] }).records.map(r => r.name)).toEqual([primary.record.name])
}

describe('identity numbers at rest (issue 9, DOMAIN §6)', () => {
  const cleanup: (() => void)[] = []
  afterAll(() => cleanup.forEach(f => f()))

  it('the files of the embedded database hold no identity number after the demo seed and real use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xjt-rest-'))
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    const s = await startServer('pglite', { pgliteDir: join(dir, 'pglite') })
    await fillEveryTable(s)
    await s.close()
    const files = filesUnder(join(dir, 'pglite'))
    const found = identityNumbersIn(Buffer.concat(files.map(f => readFileSync(f))))
    console.log(`[data at rest] scanned ${files.length} PGlite files: ${found.length} identity numbers`)
    expect(found).toEqual([])
  })

  it.skipIf(!databaseKinds.includes('postgres'))('pg_dump of the PostgreSQL database holds no identity number', async () => {
    const s = await startServer('postgres')
    try {
      await fillEveryTable(s)
      const dump = execFileSync('pg_dump', ['--data-only', s.databaseUrl!], { maxBuffer: 256 * 1024 * 1024 })
      const found = identityNumbersIn(dump)
      console.log(`[data at rest] pg_dump of ${dump.length} bytes: ${found.length} identity numbers`)
      expect(found).toEqual([])
    }
    finally {
      await s.close()
    }
  })
})

describe.each(databaseKinds)('rotating the data key on %s', (kind) => {
  let s: TestServer
  afterAll(async () => { await s?.close() })

  /** The ids of the keys the stored ID numbers are sealed under. */
  const keysInUse = async () => {
    const rows = await s.database.db.selectDistinct({ key: sql<string>`split_part(${studentRecords.idNumber}, '.', 2)` }).from(studentRecords).where(isNotNull(studentRecords.idNumber))
    return rows.map(r => r.key)
  }

  it('reseals every value under the new key; lookups work during and after; the old key can then go', async () => {
    const oldKey = randomBytes(32)
    installKeyring(createKeyring(oldKey))
    s = await startServer(kind)
    await fillEveryTable(s)
    expect(await keysInUse()).toEqual([keyring().currentKeyId])

    // Mid-rotation: the new key seals, the old one still opens and still finds (a second parent binds).
    const newKey = randomBytes(32)
    installKeyring(createKeyring(newKey, [oldKey]))
    const newKeyId = keyring().currentKeyId
    const officerVisitor = await officer(s, 'zhongyuan.officer')
    const search = async () => (await (await officerVisitor.api.officer.records.search.$post({ json: { q: primary.record.idNumber! } })).json() as { records: unknown[] }).records.length
    expect(await search()).toBe(1)

    const counts = await resealStale(s.database.db)
    expect(counts.student_records).toBeGreaterThan(0)
    expect(counts.bindings).toBe(1)
    expect(counts.complaints).toBe(1)
    expect(await keysInUse()).toEqual([newKeyId])
    expect(Object.values(await resealStale(s.database.db)).every(n => n === 0)).toBe(true) // nothing left

    // The old key removed: everything still reads and is still found.
    installKeyring(createKeyring(newKey))
    expect(await search()).toBe(1)
    const record = await (await parent(s)).api.records[':id'].$get({ param: { id: primary.record.id } })
    expect(record.status).toBe(200)
  })
})

// Issue 14: search shows masked numbers kept on the row, so a page of results opens no sealed value.
describe.each(databaseKinds)('the masked numbers kept for lists, on %s', (kind) => {
  let s: TestServer
  afterAll(async () => { await s?.close() })

  it('search shows them; a record stored before they were shows the same, and npm run keys:rotate fills them in', async () => {
    s = await startServer(kind)
    const registrar = await officer(s, 'zhongyuan.officer')
    const shown = { registryNo: maskRegistryNoForList(primary.record.registryNo), idNumber: maskIdNumber(primary.record.idNumber!) }
    const found = async () => (await (await registrar.api.officer.records.search.$post({ json: { q: primary.record.name } })).json() as { records: { id: string }[] }).records.find(r => r.id === primary.record.id)
    expect(await found()).toMatchObject(shown)
    const stored = async () => (await s.database.db.select({ registryNo: studentRecords.registryNoMasked, idNumber: studentRecords.idNumberMasked }).from(studentRecords).where(eq(studentRecords.id, primary.record.id)))[0]
    expect(await stored()).toEqual(shown)

    await s.database.db.update(studentRecords).set({ registryNoMasked: null, idNumberMasked: null })
    expect(await found()).toMatchObject(shown)
    expect((await resealStale(s.database.db)).student_records).toBe(0) // the start leaves them
    expect((await resealStale(s.database.db, { derived: true })).student_records).toBeGreaterThan(0) // npm run keys:rotate
    expect(await stored()).toEqual(shown)
    expect((await resealStale(s.database.db, { derived: true })).student_records).toBe(0)

    // A row with the 学籍号's mask but not the ID number's (written by an instance older than 0028):
    // the ID number is opened for it, and the fill completes it.
    await s.database.db.update(studentRecords).set({ idNumberMasked: null }).where(eq(studentRecords.id, primary.record.id))
    expect(await found()).toMatchObject(shown)
    expect((await resealStale(s.database.db, { derived: true })).student_records).toBe(1)
    expect(await stored()).toEqual(shown)
  })

  it('a temporary record\'s 学籍号 (an "L" number, region and birth date) is not kept whole in the clear', async () => {
    const temporary = featured.temporary!.record
    const [row] = await s.database.db.select({ registryNo: studentRecords.registryNoMasked, idNumber: studentRecords.idNumberMasked }).from(studentRecords).where(eq(studentRecords.id, temporary.id))
    expect(temporary.registryNo).toMatch(/^L/)
    expect(row).toEqual({ registryNo: maskRegistryNoForList(temporary.registryNo), idNumber: null })
    expect(row!.registryNo).not.toContain(temporary.registryNo.slice(1, 15))
    const registrar = await officer(s, 'zhongyuan.officer')
    const found = (await (await registrar.api.officer.records.search.$post({ json: { q: temporary.name } })).json()).records.find(r => r.id === temporary.id)
    expect(found).toMatchObject({ registryNo: row!.registryNo, idNumber: null })
  })

  it('the queue shows the student\'s name kept beside the sealed person; a complaint filed before it was shows the same', async () => {
    const intake = await officer(s, 'zhongyuan.officer')
    await file(await parent(s), complaintInput())
    const names = async () => (await (await intake.api.cases.$get({ query: {} })).json()).cases.map(c => c.studentName)
    expect(await names()).toContain(primary.record.name)
    await s.database.db.update(complaints).set({ studentName: null })
    expect(await names()).toContain(primary.record.name)
    expect((await resealStale(s.database.db, { derived: true })).complaints).toBeGreaterThan(0)
    expect((await s.database.db.select({ name: complaints.studentName }).from(complaints)).map(r => r.name)).toContain(primary.record.name)
  })
})
