import type { TestServer } from './harness.ts'
import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { shanghaiDate, workingDaysBetween } from '#shared/calendar/index.ts'
import { casePolicy } from '#shared/complaints/categories.ts'
import { openDatabase } from '../../server/db/client.ts'
import { caseSheets, complaints } from '../../server/db/schema/index.ts'
import { sweep } from '../../server/features/complaints/supervision.ts'
import { startSweeper } from '../../server/sla/sweeper.ts'
import { acceptToSchool, complaintInput, expectStoredClocksAsShown, file, mother, officer, parent, reportAndClose } from './complaintsKit.ts'
import { databaseKinds, racingKinds, signIn, startServer, testYear } from './harness.ts'

const DAY = 24 * 3600_000

describe.each(databaseKinds)('SLA timers and sheets on %s', (kind) => {
  let s: TestServer
  const stops: (() => void)[] = []
  beforeAll(async () => { s = await startServer(kind) })
  // Every case starts on Monday 2026-11-23, 10:00 in Shanghai; tests move time forward from there.
  afterEach(() => {
    s.clock.reset()
    stops.splice(0).forEach(stop => stop())
  })
  afterAll(async () => { await s.close() })

  const deps = () => s.deps

  it('a sheet is overdue the moment its 完成时限 passes: one 督办单 for it, from the level above', async () => {
    const id = await file(await parent(s))
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    const [check] = await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))
    s.clock.now = check!.dueAt // the last instant of the due day: not yet late
    await sweep(deps())
    expect((await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))).filter(x => x.kind === 'supervise')).toHaveLength(0)
    s.clock.advance(1)
    await sweep(deps())
    const sheets = await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))
    expect(sheets.find(x => x.kind === 'check')!.breachedAt).toEqual(s.clock.now)
    expect(sheets.filter(x => x.kind === 'supervise')).toEqual([expect.objectContaining({ trigger: 'breach', parentSheetId: check!.id, number: expect.stringMatching(new RegExp(`^410100-${testYear}-DB\\d{4}$`)) })])
  })

  it('two sweepers running at once issue exactly one 督办单 per breach, from the level above', async () => {
    const mum = await parent(s)
    const id = await file(mum)
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    s.clock.advance(20 * DAY)
    await Promise.all([sweep(deps()), sweep(deps())])
    const sheets = await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))
    expect(sheets.filter(x => x.kind === 'check' && x.breachedAt)).toHaveLength(1)
    const supervise = sheets.filter(x => x.kind === 'supervise')
    expect(supervise).toHaveLength(1)
    expect(supervise[0]).toMatchObject({ trigger: 'breach', number: expect.stringMatching(new RegExp(`^410100-${testYear}-DB\\d{4}$`)) })
    await sweep(deps())
    expect((await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))).filter(x => x.kind === 'supervise')).toHaveLength(1)
    const city = await officer(s, 'zhengzhou.city')
    const inbox = await (await city.api.notifications.$get({ query: {} })).json()
    expect(inbox.notifications.some(n => n.complaintId === id && n.kind === 'case.supervised')).toBe(true)
    const view = await (await city.api.complaints[':id'].$get({ param: { id } })).json()
    expect(view.events.map(e => e.kind)).toContain('breached')
  })

  it('a breach that happened while the server was down is caught when the sweeper starts', async () => {
    const mum = await parent(s)
    const id = await file(mum)
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    s.clock.advance(30 * DAY) // "downtime": nobody swept
    stops.push(startSweeper(deps(), 3_600_000)) // stopped in afterEach, even when the poll fails
    await expect.poll(async () => (await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))).filter(x => x.kind === 'supervise').length).toBe(1)
  })

  it('a case paused for information is not breached while it waits; its clock resumes with the days added', async () => {
    const filer = '13300000042' // its own phone: the sign-in after the jump must not move the mother's code clock
    const id = await file(await parent(s, filer))
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    const handler = await officer(s, 'primary.registrar')
    expect((await handler.api.complaints[':id']['info-request'].$post({ param: { id }, json: { question: '请上传户口簿的照片' } })).status).toBe(200)
    const [check] = await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))
    s.clock.now = new Date(check!.dueAt.getTime() + 10 * DAY) // well past the original 完成时限, still waiting
    await sweep(deps())
    await sweep(deps())
    const waiting = await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))
    expect(waiting).toEqual([expect.objectContaining({ kind: 'check', breachedAt: null, status: 'open' })])
    const later = s.visitor() // the parent's first session has expired meanwhile
    await signIn(later, filer)
    const answered = await later.api.complaints[':id'].info.$post({ param: { id }, json: { requestId: randomUUID(), answer: '已补充户口簿照片', attachmentIds: [] } })
    expect(answered.status).toBe(200)
    expect(await answered.json()).toMatchObject({ status: 'assigned', clock: { overdue: false, paused: false } })
    await sweep(deps())
    expect((await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))).filter(x => x.kind === 'supervise')).toHaveLength(0)
  })

  it('a sheet within 2 working days of its 完成时限 warns its handler once, and not a working day earlier', async () => {
    const id = await file(await parent(s))
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    const [sheet] = await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))
    const warnings = async () => { // signed in at the clock's time: a desk session lasts a working day
      const handler = await officer(s, 'primary.registrar')
      return (await (await handler.api.notifications.$get({ query: {} })).json()).notifications.filter(n => n.complaintId === id && n.kind === 'sheet.dueSoon')
    }
    // The last instant of the third working day before the due day: too early to warn.
    let early = sheet!.dueAt.getTime()
    while (workingDaysBetween(shanghaiDate(new Date(early)), sheet!.dueDate) < casePolicy.dueSoonDays + 1)
      early -= DAY
    s.clock.now = new Date(early)
    await sweep(deps())
    expect(await warnings()).toHaveLength(0)
    s.clock.now = new Date(sheet!.dueAt.getTime() - 1 * DAY)
    await sweep(deps())
    await sweep(deps())
    expect(await warnings()).toHaveLength(1)
  })

  it('a case returned within 2 working days goes back to intake; later it cannot be returned', async () => {
    const intake = await officer(s, 'zhongyuan.officer')
    const id = await file(await parent(s))
    await acceptToSchool(intake, id)
    const handler = await officer(s, 'primary.registrar')
    const back = await (await handler.api.complaints[':id'].return.$post({ param: { id }, json: { reason: '该生不在本校就读' } })).json()
    expect(back).toEqual({ id, status: 'received' })
    expect((await handler.api.complaints[':id'].$get({ param: { id } })).status).toBe(404) // no longer theirs
    const atIntake = await (await intake.api.complaints[':id'].$get({ param: { id } })).json()
    expect(atIntake).toMatchObject({ status: 'received', handlingUnitName: null, sheets: [{ status: 'returned' }] })

    await acceptToSchool(intake, id)
    s.clock.advance(5 * DAY)
    const late = await (await officer(s, 'primary.registrar')).api.complaints[':id'].return.$post({ param: { id }, json: { reason: '太晚了' } })
    expect(late.status).toBe(409)
    expect(await late.json()).toMatchObject({ code: 'RETURN_WINDOW_PASSED' })
  })

  it('an officer cannot approve the extension they asked for', async () => {
    const intake = await officer(s, 'zhongyuan.officer')
    const id = await file(await parent(s))
    const options = await (await intake.api.complaints[':id']['handler-options'].$get({ param: { id } })).json()
    const bureau = options.units.find(u => u.people.some(p => p.name === '周建华'))!
    await intake.api.complaints[':id'].accept.$post({ param: { id }, json: { handlingUnitId: bureau.id, handlerId: bureau.people.find(p => p.name === '周建华')!.id, matter: '自办' } })
    await intake.api.complaints[':id'].extension.$post({ param: { id }, json: { days: 3, reason: '需要调档' } })
    const self = await intake.api.complaints[':id']['extension-decision'].$post({ param: { id }, json: { approve: true, note: '' } })
    expect(self.status).toBe(403)
    expect(await self.json()).toMatchObject({ code: 'SAME_PERSON' })
  })

  it('an objection within 5 working days reopens the case under a 督办单 from the city', async () => {
    const mum = await parent(s)
    const id = await file(mum)
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    expect((await reportAndClose(s, id, '经核实学籍信息无误，已向家长解释。')).status).toBe(200)
    const objected = await (await mum.api.complaints[':id'].objection.$post({ param: { id }, json: { requestId: randomUUID(), reason: '学校没有核实出生证明' } })).json()
    expect(objected.status).toBe('assigned')
    const supervise = objected.sheets.find(x => x.kind === 'supervise')!
    expect(supervise).toMatchObject({ trigger: 'objection', issuingUnitName: '郑州市教育局', status: 'open' })
    const handler = await officer(s, 'primary.registrar')
    await handler.api.complaints[':id'].outcome.$post({ param: { id }, json: { sheetId: supervise.id, outcome: '已调取出生医学证明，更正了出生日期。' } })
    const closed = await (await reportAndClose(s, id, '经再次核实，已更正出生日期。')).json()
    expect(closed.sheets.find(x => x.kind === 'supervise')).toMatchObject({ status: 'done', outcome: '已调取出生医学证明，更正了出生日期。' })
    s.clock.advance(10 * DAY)
    const later = s.visitor()
    await signIn(later, mother.phone!)
    const late = await later.api.complaints[':id'].objection.$post({ param: { id }, json: { requestId: randomUUID(), reason: '还是不满意' } })
    expect(await late.json()).toMatchObject({ code: 'OBJECTION_WINDOW_PASSED' })
  })

  it('a supervisor above the county issues a 督办单 by hand with 办理意见', async () => {
    const id = await file(await parent(s))
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    const province = await officer(s, 'henan.province')
    const view = await (await province.api.complaints[':id'].supervise.$post({ param: { id }, json: { instructions: '请于 5 个工作日内核实并答复家长' } })).json()
    expect(view.sheets.find(x => x.kind === 'supervise')).toMatchObject({ trigger: 'manual', issuingUnitName: '河南省教育厅', instructions: '请于 5 个工作日内核实并答复家长' })
    const county = await officer(s, 'zhongyuan.head')
    expect((await county.api.complaints[':id'].supervise.$post({ param: { id }, json: { instructions: '请加快办理' } })).status).toBe(403)
  })

  it('after pauses, extensions, objections and 督办单, every case\'s stored clock and queue key say what its page shows (issue 14)', async () => {
    expect(await expectStoredClocksAsShown(s)).toBeGreaterThanOrEqual(3)
  })
})

describe.each(racingKinds)('SLA races between server processes on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterEach(() => s.clock.reset())
  afterAll(async () => { await s.close() })

  it('two server processes (two connection pools) sweeping one breach issue one 督办单', async () => {
    const id = await file(await parent(s))
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    s.clock.advance(20 * DAY)
    const second = await openDatabase(s.databaseUrl!)
    try {
      await Promise.all([sweep(s.deps), sweep({ ...s.deps, db: second.db }), sweep(s.deps), sweep({ ...s.deps, db: second.db })])
    }
    finally {
      await second.close()
    }
    const sheets = await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))
    expect(sheets.filter(x => x.kind === 'supervise')).toHaveLength(1)
  })

  it('20 concurrent assignments get 20 consecutive 核查单 numbers, no gaps or repeats', async () => {
    const mum = await parent(s)
    const ids: string[] = []
    for (let i = 0; i < 20; i++)
      ids.push(await file(mum, complaintInput({ category: 'other' })))
    const intake = await officer(s, 'zhongyuan.officer')
    const results = await Promise.all(ids.map(id => acceptToSchool(intake, id)))
    expect(results.map(r => r.status)).toEqual(ids.map(() => 200))
    const rows = await s.database.db.select({ serial: caseSheets.serial, number: caseSheets.number, complaintId: caseSheets.complaintId }).from(caseSheets).where(eq(caseSheets.kind, 'check'))
    const serials = rows.filter(r => ids.includes(r.complaintId)).map(r => r.serial).sort((a, b) => a - b)
    expect(serials).toEqual(Array.from({ length: 20 }, (_, i) => serials[0]! + i))
    expect(new Set(rows.map(r => r.number)).size).toBe(rows.length)
  })

  it('a pass with many breaches makes them side by side, in two processes at once: each once, one 督办单 each, numbers gap-free (issue 14)', async () => {
    const mum = await parent(s)
    const intake = await officer(s, 'zhongyuan.officer')
    const ids: string[] = []
    for (let i = 0; i < 12; i++) {
      ids.push(await file(mum, complaintInput({ category: 'other' })))
      await acceptToSchool(intake, ids.at(-1)!)
    }
    s.clock.advance(21 * DAY) // not the instant the first test here breached at
    const second = await openDatabase(s.databaseUrl!)
    let passes: { breached: number }[]
    try {
      passes = await Promise.all([sweep(s.deps), sweep({ ...s.deps, db: second.db })])
    }
    finally {
      await second.close()
    }
    const sheets = await s.database.db.select().from(caseSheets)
    // The 20 assigned above are as late: they breach in the same passes.
    const markedNow = sheets.filter(x => x.breachedAt?.getTime() === s.clock.now.getTime())
    expect(markedNow.length).toBeGreaterThanOrEqual(ids.length)
    // What the passes say they did is what was done (a lost count once said 8 of 33).
    const intakeMarkedNow = (await s.database.db.select({ id: complaints.id }).from(complaints).where(eq(complaints.intakeBreachedAt, s.clock.now))).length
    expect(passes[0]!.breached + passes[1]!.breached).toBe(markedNow.length + intakeMarkedNow)
    for (const late of markedNow)
      expect(sheets.filter(x => x.parentSheetId === late.id && x.trigger === 'breach')).toHaveLength(1)
    for (const id of ids) {
      expect(sheets.filter(x => x.complaintId === id && x.kind === 'check' && x.breachedAt)).toHaveLength(1)
      expect(sheets.filter(x => x.complaintId === id && x.kind === 'supervise')).toHaveLength(1)
    }
    const serials = sheets.filter(x => x.kind === 'supervise').map(x => x.serial).sort((a, b) => a - b)
    expect(serials).toEqual(Array.from({ length: serials.length }, (_, i) => serials[0]! + i))
  })
  it('a city officer issuing 督办单 by hand while two sweeps issue theirs from the same counter: no deadlock, numbers gap-free (issue 14)', async () => {
    const mum = await parent(s)
    const intake = await officer(s, 'zhongyuan.officer')
    const ids: string[] = []
    for (let i = 0; i < 8; i++) {
      ids.push(await file(mum, complaintInput({ category: 'other' })))
      await acceptToSchool(intake, ids.at(-1)!)
    }
    s.clock.advance(22 * DAY)
    const city = await officer(s, 'zhengzhou.city')
    const second = await openDatabase(s.databaseUrl!)
    try {
      // The sweeps lock each batch's cases, then the city's counter; an officer's step locks one case, then the counter.
      const [byHand] = await Promise.all([
        Promise.all(ids.map(id => city.api.complaints[':id'].supervise.$post({ param: { id }, json: { instructions: '请加快办理' } }))),
        sweep(s.deps),
        sweep({ ...s.deps, db: second.db }),
      ])
      expect(byHand.map(r => r.status)).toEqual(ids.map(() => 200))
    }
    finally {
      await second.close()
    }
    const sheets = await s.database.db.select().from(caseSheets)
    for (const id of ids) {
      expect(sheets.filter(x => x.complaintId === id && x.trigger === 'manual')).toHaveLength(1)
      expect(sheets.filter(x => x.complaintId === id && x.trigger === 'breach')).toHaveLength(1)
    }
    const serials = sheets.filter(x => x.kind === 'supervise' && x.issuingUnitId === 'u-410100').map(x => x.serial).sort((a, b) => a - b)
    expect(serials.length).toBeGreaterThanOrEqual(2 * ids.length)
    expect(serials).toEqual(Array.from({ length: serials.length }, (_, i) => serials[0]! + i))
  })
})
