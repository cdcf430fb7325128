import type { TestServer } from './harness.ts'
// What officers and parents are shown about a case agrees with what the server does (issue 10):
// one clock for queue and case page, and `can` flags from the same rules the server enforces.
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { caseSheets } from '../../server/db/schema/index.ts'
import { sweep } from '../../server/features/complaints/supervision.ts'
import { formatSheetDate } from '../../server/printing/caseSheet.ts'
import { acceptToSchool, file, mother, officer, parent, reportAndClose } from './complaintsKit.ts'
import { databaseKinds, signIn, startServer } from './harness.ts'

const DAY = 24 * 3600_000

describe.each(databaseKinds)('a case tells the truth on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterEach(() => s.clock.reset())
  afterAll(async () => { await s.close() })

  const sheetsOf = (id: string) => s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))

  it('the queue and the case page show the same time left: the open 督办单 due first (design)', async () => {
    const id = await file(await parent(s))
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    // The 核查单 runs late: the city supervises; that 督办单 runs late too: the province supervises.
    for (const level of ['check', 'supervise']) {
      const due = (await sheetsOf(id)).filter(x => x.kind === level && x.status === 'open').sort((a, b) => b.dueAt.getTime() - a.dueAt.getTime())[0]!
      s.clock.now = new Date(due.dueAt.getTime() + 1)
      await sweep(s.deps)
    }
    const supervising = (await sheetsOf(id)).filter(x => x.kind === 'supervise')
    expect(supervising).toHaveLength(2)
    const first = supervising.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0]!
    // Any later write to a sheet (here the city's 办理意见) changes the order the database returns rows in.
    await s.database.db.update(caseSheets).set({ instructions: '请尽快办理' }).where(eq(caseSheets.id, first.id))
    const desk = await officer(s, 'zhongyuan.officer')
    const page = await (await desk.api.complaints[':id'].$get({ param: { id } })).json()
    const queue = await (await desk.api.cases.$get({ query: {} })).json()
    const row = queue.cases.find(c => c.id === id)!
    expect(page.clock).toMatchObject({ dueDate: first.dueDate, overdue: true })
    expect(row.clock).toEqual(page.clock)
  })

  it('退单 is not offered after 2 working days, and the server refuses it', async () => {
    const id = await file(await parent(s))
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    expect((await (await (await officer(s, 'primary.registrar')).api.complaints[':id'].$get({ param: { id } })).json()).can.return).toBe(true)
    s.clock.advance(7 * DAY)
    const handler = await officer(s, 'primary.registrar')
    expect((await (await handler.api.complaints[':id'].$get({ param: { id } })).json()).can.return).toBe(false)
    expect((await handler.api.complaints[':id'].return.$post({ param: { id }, json: { reason: '不是本校学生' } })).status).toBe(409)
  })

  it('an officer is not offered the decision on their own extension request; another is', async () => {
    const intake = await officer(s, 'zhongyuan.officer')
    const id = await file(await parent(s))
    const options = await (await intake.api.complaints[':id']['handler-options'].$get({ param: { id } })).json()
    const bureau = options.units.find(u => u.people.some(p => p.name === '周建华'))!
    await intake.api.complaints[':id'].accept.$post({ param: { id }, json: { handlingUnitId: bureau.id, handlerId: bureau.people.find(p => p.name === '周建华')!.id, matter: '自办' } })
    const asked = await (await intake.api.complaints[':id'].extension.$post({ param: { id }, json: { days: 3, reason: '需要调档' } })).json()
    expect(asked.can.decideExtension).toBe(false)
    expect(asked.can.requestExtension).toBe(false) // one request at a time
    expect((await intake.api.complaints[':id']['extension-decision'].$post({ param: { id }, json: { approve: true, note: '' } })).status).toBe(403)
    expect((await (await (await officer(s, 'zhongyuan.head')).api.complaints[':id'].$get({ param: { id } })).json()).can.decideExtension).toBe(true)
  })

  it('an extension is not offered after the 完成时限, and the server refuses it', async () => {
    const id = await file(await parent(s))
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    const [check] = await sheetsOf(id)
    s.clock.now = new Date(check!.dueAt.getTime() + 1)
    const handler = await officer(s, 'primary.registrar')
    expect((await (await handler.api.complaints[':id'].$get({ param: { id } })).json()).can.requestExtension).toBe(false)
    expect((await handler.api.complaints[':id'].extension.$post({ param: { id }, json: { days: 3, reason: '需要调档' } })).status).toBe(409)
  })

  it('the parent is offered an objection until its last day, named by the server, and not after', async () => {
    const mum = await parent(s)
    const id = await file(mum)
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    const closed = await (await reportAndClose(s, id, '经核实学籍信息无误，已向家长解释。')).json()
    const mine = await (await mum.api.complaints[':id'].$get({ param: { id } })).json()
    expect(mine).toMatchObject({ can: { object: true }, objectionUntil: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) })
    s.clock.now = new Date(`${mine.objectionUntil}T15:00:00Z`) // 23:00 on the last day, Shanghai
    const again = s.visitor()
    await signIn(again, mother.phone!) // a week on, with a fresh session
    expect((await (await again.api.complaints[':id'].$get({ param: { id } })).json()).can.object).toBe(true)
    s.clock.now = new Date(`${mine.objectionUntil}T16:00:00Z`) // midnight: the window has closed
    const later = await (await again.api.complaints[':id'].$get({ param: { id } })).json()
    expect(later).toMatchObject({ can: { object: false }, objectionUntil: mine.objectionUntil, closedAt: closed.closedAt })
    expect((await again.api.complaints[':id'].objection.$post({ param: { id }, json: { requestId: randomUUID(), reason: '还是不满意' } })).status).toBe(409)
  })

  it('an approved extension keeps the approver\'s note and the sheet\'s original 完成时限, shown with the extension', async () => {
    const intake = await officer(s, 'zhongyuan.officer')
    const mum = await parent(s)
    const id = await file(mum)
    const options = await (await intake.api.complaints[':id']['handler-options'].$get({ param: { id } })).json()
    const bureau = options.units.find(u => u.people.some(p => p.name === '周建华'))!
    const accepted = await (await intake.api.complaints[':id'].accept.$post({ param: { id }, json: { handlingUnitId: bureau.id, handlerId: bureau.people.find(p => p.name === '周建华')!.id, matter: '自办' } })).json()
    const original = accepted.sheets[0]!.dueDate
    await intake.api.complaints[':id'].extension.$post({ param: { id }, json: { days: 3, reason: '需要调档' } })
    const decided = await (await (await officer(s, 'zhongyuan.head')).api.complaints[':id']['extension-decision'].$post({ param: { id }, json: { approve: true, note: '同意，请于新时限内答复家长' } })).json()
    expect(decided.sheets[0]).toMatchObject({ issuedDueDate: original, extensionDays: 3 })
    expect(decided.sheets[0]!.dueDate > original).toBe(true)
    expect(decided.events.find(e => e.kind === 'extensionGranted')!.note).toContain('同意，请于新时限内答复家长')
    const told = (await (await mum.api.notifications.$get({ query: {} })).json()).notifications.find(n => n.kind === 'case.extensionDecided')!
    expect(told.body).toContain('同意，请于新时限内答复家长')
    const pdf = await intake.fetch(`${s.baseUrl}/api/sheets/${decided.sheets[0]!.id}.pdf`)
    expect(pdf.status).toBe(200)
    const text = pdfText(new Uint8Array(await pdf.arrayBuffer())).replace(/\s+/g, '')
    expect(text).toContain(`原完成时限${formatSheetDate(original).replace(/\s+/g, '')}，经批准延期3个工作日`)

    // The web print view reads the PDF's own content (item 11): the same 责任人 and phones, numbers masked.
    const doc = await (await intake.api.sheets[':id'].document.$get({ param: { id: decided.sheets[0]!.id } })).json()
    expect(doc.responsibleUnit!.person).toBe('周建华')
    for (const filled of [doc.responsibleUnit!.phone, doc.handlingUnit.person, doc.handlingUnit.phone]) {
      expect(filled).not.toBe('')
      expect(text).toContain(filled.replace(/\s+/g, ''))
    }
    expect(doc.notes[0]).toContain('经批准延期 3 个工作日')
    expect(doc.complainant.idNumber).toContain('****')
    expect(JSON.stringify(doc)).not.toContain(mother.idNumber!)
  })
})

function pdfText(bytes: Uint8Array) {
  const dir = mkdtempSync(join(tmpdir(), 'sheet-'))
  writeFileSync(join(dir, 'sheet.pdf'), bytes)
  return execFileSync('pdftotext', ['-layout', join(dir, 'sheet.pdf'), '-']).toString()
}
