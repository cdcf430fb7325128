import type { TestServer } from './harness.ts'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { asc, count, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sealAuditChain, verifyAuditChain } from '../../server/audit/chain.ts'
import { rowsOf } from '../../server/db/bulk.ts'
import { auditEvents } from '../../server/db/schema/index.ts'
import { acceptToSchool, complaintInput, file, mother, officer, parent, primary } from './complaintsKit.ts'
import { databaseKinds, startServer } from './harness.ts'

/** The mother binds her daughter and files a complaint about her record; the county accepts it. */
async function caseAboutTheChild(s: TestServer) {
  const mum = await parent(s)
  await mum.api.bindings.$post({ json: { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber!, childName: primary.record.name, childIdNumber: primary.record.idNumber! } })
  const input = complaintInput()
  const id = await file(mum, { ...input, student: { ...input.student, recordId: primary.record.id } } as typeof input)
  const county = await officer(s, 'zhongyuan.officer')
  expect((await acceptToSchool(county, id)).status).toBe(200)
  return { mum, county, id }
}

/** Runs SQL that bypasses the append-only trigger, as someone with the database's owner rights would. */
async function asOwnerWithoutTrigger(s: TestServer, statement: ReturnType<typeof sql>) {
  await s.database.db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_events disable trigger audit_events_append_only`)
    await tx.execute(statement)
    await tx.execute(sql`alter table audit_events enable trigger audit_events_append_only`)
  })
}

describe.each(databaseKinds)('the audit log on %s (issue 9)', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterAll(async () => { await s.close() })

  it('an officer opening the case and its 核查单 shows on the parent\'s "who viewed" list, with each step of the case', async () => {
    const { mum, county, id } = await caseAboutTheChild(s)
    const view = await county.api.complaints[':id'].$get({ param: { id } })
    const { sheets } = await view.json() as { sheets: { id: string }[] }
    const pdf = await county.fetch(`${s.baseUrl}/api/sheets/${sheets[0]!.id}.pdf`)
    expect(pdf.status).toBe(200)
    const views = await (await mum.api.records[':id'].views.$get({ param: { id: primary.record.id }, query: {} })).json()
    expect(views.views.map(v => v.action).slice(0, 2).sort()).toEqual(['case.view', 'sheet.download'])
    expect(views.views.find(v => v.action === 'case.view')).toMatchObject({ unitName: '郑州市中原区教育局' })
    const steps = await s.database.db.select({ action: auditEvents.action, role: auditEvents.actorRole }).from(auditEvents).where(eq(auditEvents.objectId, id)).orderBy(asc(auditEvents.seq))
    expect(steps).toContainEqual({ action: 'case.accept', role: null })
  })

  it('entries written by a burst of requests are chained without a gap, and the chain verifies', async () => {
    const { county, id } = await caseAboutTheChild(s)
    await Promise.all(Array.from({ length: 30 }, () => county.api.complaints[':id'].$get({ param: { id } })))
    // Two sealers at once, as two instances would run them.
    await Promise.all([sealAuditChain(s.database.db), sealAuditChain(s.database.db)])
    const [{ n }] = await s.database.db.select({ n: count() }).from(auditEvents) as [{ n: number }]
    const report = await verifyAuditChain(s.database.db)
    expect(report).toEqual({ ok: true, entries: n, unsealed: 0 })
  })

  it('a backlog of more entries than one batch is sealed in order, batch after batch, and the chain verifies', async () => {
    await sealAuditChain(s.database.db)
    await s.database.db.execute(sql`insert into audit_events (action, object_type, object_id, detail) select 'record.view', 'record', g::text, jsonb_build_object('n', g) from generate_series(1, 1234) g`)
    expect(await sealAuditChain(s.database.db)).toBe(1234)
    const sealed = rowsOf(await s.database.db.execute(sql`select seq, chain_pos from audit_events where action = 'record.view' and object_type = 'record' and detail ? 'n' order by seq`))
    expect(sealed.map(r => Number(r.chain_pos) - Number(sealed[0]!.chain_pos))).toEqual(sealed.map((_, i) => i)) // in the order they were written
    const [{ n }] = await s.database.db.select({ n: count() }).from(auditEvents) as [{ n: number }]
    expect(await verifyAuditChain(s.database.db)).toEqual({ ok: true, entries: n, unsealed: 0 })
  })

  it('the province searches the log by action, record and officer, page by page; a county may not', async () => {
    const { county, id } = await caseAboutTheChild(s)
    await county.api.complaints[':id'].$get({ param: { id } })
    expect((await county.api.officer.audit.search.$post({ json: {} })).status).toBe(403)
    const province = await officer(s, 'henan.province')
    const byOfficer = await (await province.api.officer.audit.search.$post({ json: { actor: 'zhongyuan.officer', action: 'case.view', record: primary.record.id } })).json() as { entries: { action: string, actorName: string }[] }
    expect(byOfficer.entries.length).toBeGreaterThan(0)
    expect(byOfficer.entries.every(e => e.action === 'case.view' && e.actorName === '周建华')).toBe(true)
    // The same entries by what an officer has in hand: the 学籍号 or the ID number, and the officer's name.
    for (const record of [primary.record.registryNo, primary.record.idNumber!.toLowerCase()]) {
      const found = await (await province.api.officer.audit.search.$post({ json: { actor: '周建华', action: 'case.view', record } })).json()
      expect(found.entries.map(e => e.seq)).toEqual((byOfficer.entries as unknown as { seq: number }[]).map(e => e.seq))
    }
    const nobody = await (await province.api.officer.audit.search.$post({ json: { record: '41010220990101001X' } })).json()
    expect(nobody.entries).toEqual([])
    // A student's or parent's own act is theirs, not a blank officer's.
    const own = await (await province.api.officer.audit.search.$post({ json: { action: 'binding.', record: primary.record.id } })).json()
    expect(own.entries.length).toBeGreaterThan(0)
    expect(own.entries.every(e => e.actorKind === 'citizen' && e.actorName === null)).toBe(true)
    const first = await (await province.api.officer.audit.search.$post({ json: {} })).json() as { entries: { seq: number }[], next: number | null }
    const seqs = first.entries.map(e => e.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a))
    const integrity = await (await province.api.officer.audit.integrity.$get()).json()
    expect(integrity.ok).toBe(true)
  })

  it('refuses to change or delete an entry', async () => {
    await sealAuditChain(s.database.db)
    const [first] = await s.database.db.select({ id: auditEvents.id }).from(auditEvents).limit(1)
    await expect(s.database.db.update(auditEvents).set({ action: 'record.view' }).where(eq(auditEvents.id, first!.id))).rejects.toThrow()
    await expect(s.database.db.delete(auditEvents).where(eq(auditEvents.id, first!.id))).rejects.toThrow()
    await expect(s.database.db.execute(sql`truncate audit_events`)).rejects.toThrow()
  })

  it('names the first entry changed or removed behind the trigger\'s back', async () => {
    await sealAuditChain(s.database.db)
    const [target] = await s.database.db.select({ id: auditEvents.id, pos: auditEvents.chainPos }).from(auditEvents).where(eq(auditEvents.chainPos, 3))
    await asOwnerWithoutTrigger(s, sql`update audit_events set client_ip = '203.0.113.9' where id = ${target!.id}`)
    expect(await verifyAuditChain(s.database.db)).toMatchObject({ ok: false, entries: 2, brokenAt: { position: 3, id: target!.id } })
    await asOwnerWithoutTrigger(s, sql`delete from audit_events where id = ${target!.id}`)
    expect(await verifyAuditChain(s.database.db)).toMatchObject({ ok: false, entries: 2, brokenAt: { position: 3, id: null } })
  })
})

describe('npm run audit:verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xjt-audit-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('says the chain is intact, then names the broken entry and exits 1', async () => {
    const s = await startServer('pglite', { pgliteDir: join(dir, 'pglite') })
    await caseAboutTheChild(s)
    await sealAuditChain(s.database.db)
    await s.close()
    const run = () => execFileSync(process.execPath, ['--import', 'tsx', 'server/audit/cli.ts'], { env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent' }, encoding: 'utf8', stdio: 'pipe' })
    expect(run()).toMatch(/Audit log intact: \d+ entries chained/)

    const again = await startServer('pglite', { pgliteDir: join(dir, 'pglite') })
    await asOwnerWithoutTrigger(again, sql`update audit_events set detail = '{"forged":true}' where chain_pos = 2`)
    await again.close()
    let failure: { status: number, stderr: string } | null = null
    try {
      run()
    }
    catch (e) {
      failure = e as { status: number, stderr: string }
    }
    expect(failure?.status).toBe(1)
    expect(failure?.stderr).toMatch(/Audit log BROKEN at entry 2 \(id [0-9a-f-]{36}\)/)
  })
})
