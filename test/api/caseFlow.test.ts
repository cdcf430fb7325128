import type { TestServer } from './harness.ts'
// Issue 10 items 12, 13 and 17: who closes a case, the intake clock, and whom a 督办单 supervises.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/db/client.ts'
import { accounts, caseEvents, caseSheets, complaints } from '../../server/db/schema/index.ts'
import { sweep } from '../../server/features/complaints/supervision.ts'
import { addWorkingDays, shanghaiDate } from '../../shared/calendar/index.ts'
import { casePolicy } from '../../shared/complaints/categories.ts'
import { acceptToSchool, complaintInput, expectStoredClocksAsShown, file, officer, parent } from './complaintsKit.ts'
import { databaseKinds, racingKinds, sessionsWaitingOnALock, startServer } from './harness.ts'

const DAY = 24 * 3600_000
const FIRST = '经核实学籍信息无误，已向家长电话解释。'
const SECOND = '经核对出生医学证明原件，出生日期登记错误，已在国网更正并告知家长。'
const REASON = '请核对出生医学证明原件后再报'

describe.each(databaseKinds)('the 承办单位 reports, the 处理责任单位 closes, on %s (issue 10 item 12)', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterEach(() => s.clock.reset())
  afterAll(async () => { await s.close() })

  it('the school reports; the county reads it, sends it back with a reason, then closes the second report; the parent reads 办理中 until then', async () => {
    const mum = await parent(s)
    const id = await file(mum)
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    const school = await officer(s, 'primary.registrar')
    expect((await (await school.api.complaints[':id'].$get({ param: { id } })).json()).can).toMatchObject({ report: true, close: false, sendBack: false })
    const direct = await school.api.complaints[':id'].close.$post({ param: { id }, json: { findings: FIRST } })
    expect(direct.status).toBe(409)
    expect(await direct.json()).toMatchObject({ code: 'REPORT_FIRST' })

    const reported = await (await school.api.complaints[':id'].report.$post({ param: { id }, json: { findings: FIRST } })).json()
    expect(reported).toMatchObject({ status: 'reported', report: FIRST, findings: null, can: { report: false, close: false, sendBack: false } })
    expect(reported.clock).toMatchObject({ stage: 'check', overdue: false }) // the report does not stop the clock
    expect((await school.api.complaints[':id'].close.$post({ param: { id }, json: {} })).status).toBe(403) // not the school's to close

    // The parent still reads 办理中: no report, no findings, no internal steps.
    const mine = await (await mum.api.complaints[':id'].$get({ param: { id } })).json()
    expect(mine).toMatchObject({ status: 'assigned', report: null, findings: null })
    expect(mine.events.map(e => e.kind)).toEqual(['submitted', 'accepted'])
    expect((await (await mum.api.complaints.$get({ query: {} })).json()).complaints.find(c => c.id === id)!.status).toBe('assigned')

    const county = await officer(s, 'zhongyuan.officer')
    const inbox = (await (await county.api.notifications.$get({ query: {} })).json()).notifications
    expect(inbox.filter(n => n.complaintId === id && n.kind === 'case.reported')).toHaveLength(1)
    const review = await (await county.api.complaints[':id'].$get({ param: { id } })).json()
    expect(review).toMatchObject({ status: 'reported', report: FIRST, can: { close: true, sendBack: true } })

    const back = await (await county.api.complaints[':id']['send-back'].$post({ param: { id }, json: { reason: REASON } })).json()
    expect(back).toMatchObject({ status: 'assigned', can: { close: false, sendBack: false } })
    expect(back.events.at(-1)).toMatchObject({ kind: 'sentBack', note: REASON, actorName: '周建华' })
    const told = (await (await school.api.notifications.$get({ query: {} })).json()).notifications.filter(n => n.complaintId === id && n.kind === 'case.sentBack')
    expect(told).toEqual([expect.objectContaining({ body: REASON })])
    const again = await (await school.api.complaints[':id'].$get({ param: { id } })).json()
    expect(again).toMatchObject({ status: 'assigned', report: FIRST, can: { report: true } }) // the report to redo

    await school.api.complaints[':id'].report.$post({ param: { id }, json: { findings: SECOND } })
    const closed = await (await county.api.complaints[':id'].close.$post({ param: { id }, json: {} })).json()
    expect(closed).toMatchObject({ status: 'closed', findings: SECOND, clock: null })
    expect(closed.sheets[0]).toMatchObject({ kind: 'check', status: 'done', outcome: SECOND })
    expect(closed.events.map(e => e.kind)).toEqual(['submitted', 'accepted', 'reported', 'sentBack', 'reported', 'closed'])

    const final = await (await mum.api.complaints[':id'].$get({ param: { id } })).json()
    expect(final).toMatchObject({ status: 'closed', findings: SECOND, can: { rate: true } })
    expect(final.events.map(e => e.kind)).toEqual(['submitted', 'accepted', 'closed'])
    expect((await (await mum.api.notifications.$get({ query: {} })).json()).notifications.filter(n => n.complaintId === id && n.kind === 'case.closed')).toHaveLength(1)
  })

  it('a report left waiting past the 完成时限 is still late: the city supervises, and the county can still close', async () => {
    const id = await file(await parent(s))
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    await (await officer(s, 'primary.registrar')).api.complaints[':id'].report.$post({ param: { id }, json: { findings: FIRST } })
    const [check] = await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))
    s.clock.now = new Date(check!.dueAt.getTime() + 1)
    await sweep(s.deps)
    const county = await officer(s, 'zhongyuan.officer')
    const view = await (await county.api.complaints[':id'].$get({ param: { id } })).json()
    expect(view).toMatchObject({ status: 'reported', clock: { stage: 'supervise', overdue: false }, can: { close: true } })
    expect(view.sheets.filter(x => x.kind === 'supervise')).toEqual([expect.objectContaining({ trigger: 'breach', issuingUnitName: '郑州市教育局' })])
    const closed = await (await county.api.complaints[':id'].close.$post({ param: { id }, json: {} })).json()
    expect(closed.sheets.map(x => [x.kind, x.status, x.outcome])).toEqual([['check', 'done', FIRST], ['supervise', 'done', FIRST]])
  })

  it('account administrators are not offered as 承办人, and one cannot be given a case', async () => {
    const intake = await officer(s, 'zhongyuan.officer')
    const id = await file(await parent(s))
    const options = await (await intake.api.complaints[':id']['handler-options'].$get({ param: { id } })).json()
    const offered = options.units.flatMap(u => u.people)
    expect(offered.length).toBeGreaterThan(2)
    expect(offered.map(p => p.role)).not.toContain('admin')
    const [admin] = await s.database.db.select({ id: accounts.id, unitId: accounts.unitId }).from(accounts).where(and(eq(accounts.role, 'admin'), eq(accounts.unitId, options.units[0]!.id)))
    const refused = await intake.api.complaints[':id'].accept.$post({ param: { id }, json: { handlingUnitId: admin!.unitId!, handlerId: admin!.id, matter: '核实' } })
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({ code: 'HANDLER_INVALID' })
  })

  it('a bureau handling its own case closes it directly, with its findings, and has no report to submit', async () => {
    const intake = await officer(s, 'zhongyuan.officer')
    const id = await file(await parent(s))
    const options = await (await intake.api.complaints[':id']['handler-options'].$get({ param: { id } })).json()
    const bureau = options.units.find(u => u.people.some(p => p.name === '周建华'))!
    const accepted = await (await intake.api.complaints[':id'].accept.$post({ param: { id }, json: { handlingUnitId: bureau.id, handlerId: bureau.people.find(p => p.name === '周建华')!.id, matter: '自办' } })).json()
    expect(accepted.can).toMatchObject({ report: false, close: true, sendBack: false })
    const report = await intake.api.complaints[':id'].report.$post({ param: { id }, json: { findings: FIRST } })
    expect(report.status).toBe(409)
    expect(await report.json()).toMatchObject({ code: 'CLOSE_DIRECTLY' })
    const blank = await intake.api.complaints[':id'].close.$post({ param: { id }, json: {} })
    expect(blank.status).toBe(400)
    expect(await blank.json()).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'findings' }] })
    const closed = await (await intake.api.complaints[':id'].close.$post({ param: { id }, json: { findings: FIRST } })).json()
    expect(closed).toMatchObject({ status: 'closed', findings: FIRST })
  })

  it('only the routed bureau reviews: the city above cannot close or send back a report', async () => {
    const id = await file(await parent(s))
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    await (await officer(s, 'primary.registrar')).api.complaints[':id'].report.$post({ param: { id }, json: { findings: FIRST } })
    const city = await officer(s, 'zhengzhou.city')
    expect((await (await city.api.complaints[':id'].$get({ param: { id } })).json()).can).toMatchObject({ close: false, sendBack: false })
    expect((await city.api.complaints[':id'].close.$post({ param: { id }, json: {} })).status).toBe(403)
    expect((await city.api.complaints[':id']['send-back'].$post({ param: { id }, json: { reason: REASON } })).status).toBe(403)
  })

  it('after reports, send-backs and closings, every case\'s stored clock and queue key say what its page shows (issue 14)', async () => {
    expect(await expectStoredClocksAsShown(s)).toBeGreaterThanOrEqual(3)
  })
})

describe.each(databaseKinds)('the intake clock on %s (issue 10 item 13)', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterEach(() => s.clock.reset())
  afterAll(async () => { await s.close() })

  const sheetsOf = (id: string) => s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))

  it('a complaint waiting for 受理 has an intake due date: the parent, the queue and the case page show it', async () => {
    const mum = await parent(s)
    const filed = await (await mum.api.complaints.$post({ json: complaintInput({ category: 'other' }) })).json()
    const due = addWorkingDays(shanghaiDate(s.clock.now), casePolicy.intakeDays).date // Mon + 3 working days: Thu
    expect(filed).toMatchObject({ status: 'received', clock: { stage: 'intake', dueDate: due, overdue: false, workingDaysLeft: casePolicy.intakeDays } })
    expect((await (await mum.api.complaints.$get({ query: {} })).json()).complaints.find(c => c.id === filed.id)!.clock).toEqual(filed.clock)
    const desk = await officer(s, 'zhongyuan.officer')
    expect((await (await desk.api.cases.$get({ query: {} })).json()).cases.find(c => c.id === filed.id)!.clock).toEqual(filed.clock)
  })

  it('the county is warned once near the end; past it the city issues one 督办单, even with sweeps racing; 受理 answers it', async () => {
    const id = await file(await parent(s), complaintInput({ category: 'notRegistered' }))
    const [row] = await s.database.db.select().from(complaints).where(eq(complaints.id, id))
    s.clock.now = new Date(row!.intakeDueAt!.getTime() - DAY) // the day before
    await Promise.all([sweep(s.deps), sweep(s.deps)])
    expect((await sheetsOf(id))).toEqual([])
    const warned = (await (await (await officer(s, 'zhongyuan.officer')).api.notifications.$get({ query: {} })).json()).notifications.filter(n => n.complaintId === id && n.kind === 'intake.dueSoon')
    expect(warned).toHaveLength(1)

    s.clock.now = new Date(row!.intakeDueAt!.getTime()) // the last instant of the due day: not yet late
    await sweep(s.deps)
    expect(await sheetsOf(id)).toEqual([])
    s.clock.advance(1)
    await Promise.all([sweep(s.deps), sweep(s.deps), sweep(s.deps)])
    await sweep(s.deps)
    const supervise = await sheetsOf(id)
    expect(supervise).toEqual([expect.objectContaining({ kind: 'supervise', trigger: 'intake', status: 'open' })])
    const city = await officer(s, 'zhengzhou.city')
    expect((await (await city.api.notifications.$get({ query: {} })).json()).notifications.some(n => n.complaintId === id && n.kind === 'case.supervised')).toBe(true)
    const county = await officer(s, 'zhongyuan.officer')
    const waiting = await (await county.api.complaints[':id'].$get({ param: { id } })).json()
    expect(waiting).toMatchObject({ status: 'received', clock: { stage: 'supervise' }, sheets: [{ issuingUnitName: '郑州市教育局', trigger: 'intake' }] })
    expect(waiting.events.map(e => e.kind)).toEqual(['submitted', 'intakeDueSoon', 'intakeBreached', 'supervised'])

    const accepted = await (await acceptToSchool(county, id)).json() as any
    expect(accepted.clock).toMatchObject({ stage: 'check' })
    expect(accepted.sheets.find((x: any) => x.trigger === 'intake')).toMatchObject({ status: 'done', outcome: expect.stringContaining('已受理') })
  })

  it('a complaint sent back by 退单 waits with a fresh intake due date, and escalates once past it', async () => {
    const id = await file(await parent(s), complaintInput({ category: 'duplicateRecord' }))
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    s.clock.advance(DAY) // Tuesday
    expect((await (await officer(s, 'primary.registrar')).api.complaints[':id'].return.$post({ param: { id }, json: { reason: '该生不在本校就读' } })).status).toBe(200)
    const due = addWorkingDays(shanghaiDate(s.clock.now), casePolicy.intakeDays)
    const county = await officer(s, 'zhongyuan.officer')
    const back = await (await county.api.complaints[':id'].$get({ param: { id } })).json()
    expect(back).toMatchObject({ status: 'received', clock: { stage: 'intake', dueDate: due.date, overdue: false } })
    expect(back.events.at(-1)).toMatchObject({ kind: 'returned', detail: { intakeDueDate: due.date } })
    s.clock.now = new Date(new Date(back.clock!.dueAt).getTime() + 1)
    await Promise.all([sweep(s.deps), sweep(s.deps)])
    expect((await sheetsOf(id)).filter(x => x.kind === 'supervise')).toEqual([expect.objectContaining({ trigger: 'intake' })])
  })

  it('after intake warnings, breaches and 退单, every case\'s stored clock and queue key say what its page shows (issue 14)', async () => {
    expect(await expectStoredClocksAsShown(s)).toBeGreaterThanOrEqual(3)
  })
})

describe.each(racingKinds)('intake breaches raced between server processes on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterEach(() => s.clock.reset())
  afterAll(async () => { await s.close() })

  it('two connection pools sweeping one late intake issue one 督办单', async () => {
    const id = await file(await parent(s), complaintInput({ category: 'registryWithoutStudent' }))
    s.clock.advance(10 * DAY)
    const second = await openDatabase(s.databaseUrl!)
    try {
      await Promise.all([sweep(s.deps), sweep({ ...s.deps, db: second.db }), sweep(s.deps), sweep({ ...s.deps, db: second.db })])
    }
    finally {
      await second.close()
    }
    expect((await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))).filter(x => x.trigger === 'intake')).toHaveLength(1)
  })

  it('a sweep batch locks its cases without blocking a step that writes to one of them while holding another (a merge logs on its target)', async () => {
    const mum = await parent(s)
    const [low, high] = [await file(mum, complaintInput({ category: 'other' })), await file(mum, complaintInput({ category: 'other' }))].sort()
    s.clock.advance(10 * DAY) // both past their intake due date: one batch, its cases locked in id order
    const merge = await openDatabase(s.databaseUrl!)
    let sweeping: Promise<unknown> | undefined
    try {
      await merge.db.transaction(async (tx) => {
        // As 合并 does: the case merged is locked first, then a step is written on its target.
        await tx.select({ id: complaints.id }).from(complaints).where(eq(complaints.id, high!)).for('update')
        sweeping = sweep(s.deps) // locks `low`, then waits for `high`
        await expect.poll(() => sessionsWaitingOnALock(s)).toBeGreaterThan(0)
        // The foreign-key check of a step on `low` must not wait for the sweep (it would deadlock with it);
        // the timeout, under PostgreSQL's 1 s deadlock check, makes a wait fail here rather than the sweep's batch.
        await tx.execute(sql`set local lock_timeout = '200ms'`)
        await tx.insert(caseEvents).values({ complaintId: low!, kind: 'linked', at: s.clock.now })
      })
      await sweeping
    }
    finally {
      await sweeping?.catch(() => {}) // a failure above is the test's; the sweep ends once the lock is gone
      await merge.close()
    }
    expect((await s.database.db.select().from(complaints).where(eq(complaints.id, low!)))[0]!.intakeBreachedAt).not.toBeNull()
  })
})

describe.each(databaseKinds)('whom a 督办单 supervises, on %s (issue 10 item 17)', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterEach(() => s.clock.reset())
  afterAll(async () => { await s.close() })

  it('an automatic city 督办单 names the county bureau as 承办单位 and the school as current handler, in print and in the PDF', async () => {
    const id = await file(await parent(s), complaintInput({ category: 'noAdmissionFormalities' }))
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    const [check] = await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))
    s.clock.now = new Date(check!.dueAt.getTime() + 1)
    await sweep(s.deps)
    const county = await officer(s, 'zhongyuan.officer')
    const view = await (await county.api.complaints[':id'].$get({ param: { id } })).json()
    const sheet = view.sheets.find(x => x.kind === 'supervise')!
    expect((await (await county.api.notifications.$get({ query: {} })).json()).notifications.some(n => n.complaintId === id && n.kind === 'case.supervised')).toBe(true)

    const doc = await (await county.api.sheets[':id'].document.$get({ param: { id: sheet.id } })).json()
    expect(doc.supervisingUnit).toMatchObject({ name: '郑州市教育局', person: '宋立新' })
    expect(doc.handlingUnit).toMatchObject({ name: '郑州市中原区教育局', person: '周建华' })
    expect(doc.notes[0]).toContain(`本件现由${view.schoolName}具体承办（承办人 孙雅静`)

    const pdf = await county.fetch(`${s.baseUrl}/api/sheets/${sheet.id}.pdf`)
    expect(pdf.status).toBe(200)
    const text = pdfText(new Uint8Array(await pdf.arrayBuffer()))
    const rowOf = (label: string) => text.split('\n').find(l => l.replace(/\s+/g, '').startsWith(label))?.replace(/\s+/g, '') ?? ''
    expect(rowOf('承办单位')).toContain('郑州市中原区教育局')
    expect(rowOf('承办单位')).toContain('周建华')
    expect(text.replace(/\s+/g, '')).toContain(`本件现由${view.schoolName}具体承办`)
  })
})

function pdfText(bytes: Uint8Array) {
  const dir = mkdtempSync(join(tmpdir(), 'sheet-'))
  writeFileSync(join(dir, 'sheet.pdf'), bytes)
  return execFileSync('pdftotext', ['-layout', join(dir, 'sheet.pdf'), '-']).toString()
}
