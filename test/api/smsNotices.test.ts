import type { TestServer, Visitor } from './harness.ts'
import { randomUUID } from 'node:crypto'
import { asc, eq, ne } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { accounts, caseSheets, outboxMessages, smsOutbox } from '../../server/db/schema/index.ts'
import { sweep } from '../../server/features/complaints/supervision.ts'
import { notify } from '../../server/features/notifications/notify.ts'
import { runOutbox } from '../../server/outbox/outbox.ts'
import { shanghaiDate } from '../../shared/calendar/index.ts'
import { findPersonalNumbers } from '../support/personalNumbers.ts'
import { acceptToSchool, complaintInput, featured, file, mother, officer, parent, primary } from './complaintsKit.ts'
import { databaseKinds, racingKinds, signIn, startServer, TEST_START } from './harness.ts'

const DAY = 24 * 3600_000
const college = featured.college!
const REGISTRAR_MOBILE = '13700005555'

// Every request here is filed on the test clock's first day: the date the notices name.
const filedOn = shanghaiDate(TEST_START)
describe.each(databaseKinds)('SMS notices at the steps that matter on %s (issue 11)', (kind) => {
  let s: TestServer
  let mum: Visitor
  let intake: Visitor
  let handler: Visitor
  beforeAll(async () => {
    s = await startServer(kind)
    mum = await parent(s)
    await mum.api.bindings.$post({ json: { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber!, childName: primary.record.name, childIdNumber: primary.record.idNumber! } })
    intake = await officer(s, 'zhongyuan.officer')
    handler = await officer(s, 'primary.registrar')
  }, 120_000)
  afterEach(() => s.clock.reset())
  afterAll(async () => { await s.close() })

  /** The notices (not sign-in codes) queued since the last `step` began, oldest first. */
  let seen = new Set<string>()
  const notices = () => s.database.db.select().from(outboxMessages).where(ne(outboxMessages.template, 'signInCode')).orderBy(asc(outboxMessages.createdAt))
  const since = async () => (await notices()).filter(r => !seen.has(r.id)).map(r => ({ recipient: r.recipient, template: r.template, params: r.params }))
  const step = async <T>(run: () => Promise<T>) => {
    seen = new Set((await notices()).map(r => r.id))
    return run()
  }
  const setChoice = (v: Visitor, preferences: { kind: string, enabled: boolean }[]) => v.api.me['notice-preferences'].$put({ json: { preferences: preferences as never } })

  it('受理, 需补充材料, 办结, 督办 and 不予受理 each queue one SMS to the complainant, with its template and parameters only', async () => {
    const id = await file(mum)
    expect(await since()).toEqual([]) // filing is not a step the complainant needs a text for

    expect((await step(() => acceptToSchool(intake, id))).status).toBe(200)
    const [sheet] = await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))
    expect(await since()).toEqual([{ recipient: mother.phone, template: 'complaintAccepted', params: { date: filedOn, number: sheet!.number, due: sheet!.dueDate } }])

    expect((await step(() => handler.api.complaints[':id']['info-request'].$post({ param: { id }, json: { question: '请上传出生医学证明的照片' } }))).status).toBe(200)
    expect(await since()).toEqual([{ recipient: mother.phone, template: 'complaintInfoRequested', params: { date: filedOn } }])
    expect((await mum.api.complaints[':id'].info.$post({ param: { id }, json: { requestId: randomUUID(), answer: '已上传出生医学证明', attachmentIds: [] } })).status).toBe(200)

    expect((await step(() => (officer(s, 'zhengzhou.city')).then(city => city.api.complaints[':id'].supervise.$post({ param: { id }, json: { instructions: '请加快办理' } })))).status).toBe(200)
    const supervise = (await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))).find(x => x.kind === 'supervise')!
    expect(await since()).toEqual([{ recipient: mother.phone, template: 'complaintSupervised', params: { date: filedOn, number: supervise.number, due: supervise.dueDate } }])

    // The school's report alone tells the parent nothing: the case is closed when the county accepts it.
    expect((await step(() => handler.api.complaints[':id'].report.$post({ param: { id }, json: { findings: '经核实，出生日期登记错误，已按出生医学证明在国网更正。' } }))).status).toBe(200)
    expect(await since()).toEqual([])
    expect((await step(() => intake.api.complaints[':id'].close.$post({ param: { id }, json: {} }))).status).toBe(200)
    expect(await since()).toEqual([{ recipient: mother.phone, template: 'complaintClosed', params: { date: filedOn } }])

    const other = await file(mum, complaintInput({ category: 'other' }))
    expect((await step(() => intake.api.complaints[':id'].reject.$post({ param: { id: other }, json: { reason: '所反映问题已由法院受理，不属于本机制受理范围' } }))).status).toBe(200)
    expect(await since()).toEqual([{ recipient: mother.phone, template: 'complaintRejected', params: { date: filedOn } }])
  })

  it('a correction refused or approved, a certificate refused or issued: one SMS each to the applicant', async () => {
    const upload = async (v: Visitor) => {
      const form = new FormData()
      form.append('file', new File([new Uint8Array([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])], 'hukou.png'))
      return (await (await v.fetch(`${s.baseUrl}/api/uploads`, { method: 'POST', body: form })).json() as { id: string }).id
    }
    const correct = async () => (await (await mum.api.corrections.$post({ json: { requestId: crypto.randomUUID(), recordId: primary.record.id, items: [{ field: 'student.currentAddress', requestedValue: '河南省郑州市中原区建设西路 8 号' }], reason: '搬家后住址变了', attachmentIds: [await upload(mum)] } })).json() as { id: string }).id
    const decide = (v: Visitor, id: string, decision: 'approve' | 'notAccepted', reason = '') => v.api.corrections[':id'].decision.$post({ param: { id }, json: { decision, reason } })

    const refused = await correct()
    expect((await step(() => decide(handler, refused, 'notAccepted', '户口簿照片不清晰，无法核对'))).status).toBe(200)
    expect(await since()).toEqual([{ recipient: mother.phone, template: 'correctionRefused', params: { date: filedOn } }])

    const approved = await correct()
    expect((await step(() => decide(handler, approved, 'approve'))).status).toBe(200)
    expect(await since()).toEqual([]) // a first post's approval is not yet an outcome
    expect((await step(async () => decide(await officer(s, 'primary.registrar2'), approved, 'approve'))).status).toBe(200)
    expect(await since()).toEqual([{ recipient: mother.phone, template: 'correctionApproved', params: { date: filedOn } }])

    const graduate = s.visitor()
    await signIn(graduate, '13500000091')
    const bound = await (await graduate.api.bindings.$post({ json: { relation: 'self', name: college.record.name, idNumber: college.record.idNumber! } })).json() as { recordId: string }
    const apply = async () => (await (await graduate.api.records[':id']['certificate-requests'].$post({ param: { id: bound.recordId }, json: { requestId: crypto.randomUUID(), loss: 'lost', occurredOn: '2026-10', circumstances: '2026年10月搬家时装毕业证书的文件袋遗失，已多方寻找未果。', statement: { signedName: college.record.name, agreed: true } } })).json() as { id: string }).id
    const first = await officer(s, 'college.registrar')
    const second = await officer(s, 'college.registrar2')
    const no = await apply()
    expect((await step(() => first.api['certificate-requests'][':id'].refuse.$post({ param: { id: no }, json: { reason: '遗失情况说明不完整，请补充后重新申请' } }))).status).toBe(200)
    expect(await since()).toEqual([{ recipient: '13500000091', template: 'certificateRefused', params: { date: filedOn } }])
    const yes = await apply()
    expect((await first.api['certificate-requests'][':id'].review.$post({ param: { id: yes } })).status).toBe(200)
    const issued = await step(() => second.api['certificate-requests'][':id'].issue.$post({ param: { id: yes } }))
    const number = (await issued.json() as { certificate: { number: string } }).certificate.number
    expect(await since()).toEqual([{ recipient: '13500000091', template: 'certificateIssued', params: { date: filedOn, number } }])
  })

  it('turning off one kind stops that kind only; a citizen sees the five kinds, on unless turned off', async () => {
    const prefs = async () => (await (await mum.api.me['notice-preferences'].$get()).json())
    expect(await prefs()).toEqual({ phone: `${mother.phone!.slice(0, 3)}****${mother.phone!.slice(-4)}`, preferences: ['accepted', 'rejected', 'infoRequested', 'supervised', 'closed'].map(k => ({ kind: k, enabled: true })) })
    expect(await (await setChoice(mum, [{ kind: 'accepted', enabled: false }])).json()).toMatchObject({ preferences: expect.arrayContaining([{ kind: 'accepted', enabled: false }, { kind: 'infoRequested', enabled: true }]) })
    try {
      const id = await file(mum)
      expect((await step(() => acceptToSchool(intake, id))).status).toBe(200)
      expect(await since()).toEqual([])
      expect((await step(() => handler.api.complaints[':id']['info-request'].$post({ param: { id }, json: { question: '请上传户口簿照片' } }))).status).toBe(200)
      expect(await since()).toEqual([expect.objectContaining({ template: 'complaintInfoRequested' })])
      // The in-app notice still arrives: only the text message is off.
      expect((await (await mum.api.notifications.$get({ query: {} })).json()).notifications.filter(n => n.complaintId === id).map(n => n.kind).sort()).toEqual(['case.accepted', 'case.infoRequested'])
    }
    finally {
      await setChoice(mum, [{ kind: 'accepted', enabled: true }])
    }
    const officerKind = await setChoice(mum, [{ kind: 'dueSoon', enabled: true }])
    expect(officerKind.status).toBe(400)
    expect(await officerKind.json()).toMatchObject({ code: 'NOTICE_KIND_NOT_AVAILABLE' })
    expect((await s.visitor().api.me['notice-preferences'].$get()).status).toBe(401)
  })

  it('an officer gets due-soon and overdue texts only after opting in, each kind on its own', async () => {
    await s.database.db.update(accounts).set({ phone: REGISTRAR_MOBILE }).where(eq(accounts.username, 'primary.registrar'))
    expect(await (await handler.api.me['notice-preferences'].$get()).json()).toEqual({ phone: '137****5555', preferences: [{ kind: 'dueSoon', enabled: false }, { kind: 'overdue', enabled: false }] })
    const toRegistrar = async () => (await since()).filter(m => m.recipient === REGISTRAR_MOBILE)

    const quiet = await file(mum)
    await acceptToSchool(intake, quiet)
    const [quietSheet] = await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, quiet))
    await step(async () => {
      s.clock.now = new Date(quietSheet!.dueAt.getTime() - 1 * DAY)
      return sweep(s.deps)
    })
    expect((await s.database.db.select().from(caseSheets).where(eq(caseSheets.id, quietSheet!.id)))[0]!.dueSoonNotifiedAt).not.toBeNull()
    expect(await toRegistrar()).toEqual([]) // off by default
    s.clock.reset()

    expect((await setChoice(handler, [{ kind: 'dueSoon', enabled: true }])).status).toBe(200)
    const id = await file(mum)
    await acceptToSchool(intake, id)
    const [sheet] = await s.database.db.select().from(caseSheets).where(eq(caseSheets.complaintId, id))
    await step(async () => {
      s.clock.now = new Date(sheet!.dueAt.getTime() - 1 * DAY)
      return sweep(s.deps)
    })
    expect(await toRegistrar()).toEqual([{ recipient: REGISTRAR_MOBILE, template: 'workDueSoon', params: { number: sheet!.number, due: sheet!.dueDate } }])
    await step(async () => {
      s.clock.now = new Date(sheet!.dueAt.getTime() + 1000)
      return sweep(s.deps)
    })
    expect(await toRegistrar()).toEqual([]) // overdue is a kind of its own, still off
    s.clock.reset()
    expect((await setChoice(handler, [{ kind: 'dueSoon', enabled: false }])).status).toBe(200)
  })

  it('a step that rolls back queues nothing', async () => {
    const [me] = await s.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.phone, mother.phone!))
    const before = await s.database.db.select().from(outboxMessages)
    await expect(s.database.db.transaction(async (tx) => {
      await notify(tx, [me!.id], { kind: 'case.closed', title: '您的投诉已办结', body: '请查看核实情况并评价', sms: { template: 'complaintClosed', params: { date: filedOn }, ref: crypto.randomUUID() } }, s.clock.now)
      expect((await tx.select().from(outboxMessages)).length).toBe(before.length + 1) // queued inside the step…
      throw new Error('the step fails after its notice')
    })).rejects.toThrow('the step fails')
    expect((await s.database.db.select().from(outboxMessages)).length).toBe(before.length) // …and gone with it
  })

  it('a step whose notice is written twice (a retried sweep, a repeated call) still queues one SMS', async () => {
    const [me] = await s.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.phone, mother.phone!))
    const notice = { kind: 'case.closed', title: '您的投诉已办结', body: '请查看核实情况并评价', sms: { template: 'complaintClosed' as const, params: { date: filedOn }, ref: crypto.randomUUID() } }
    await step(async () => {
      await s.database.db.transaction(tx => notify(tx, [me!.id], notice, s.clock.now))
      await s.database.db.transaction(tx => notify(tx, [me!.id, me!.id], notice, s.clock.now))
    })
    expect(await since()).toHaveLength(1)
  })

  it('what reaches the phone carries no identity number and no name', async () => {
    await runOutbox(s.deps)
    const sent = await s.database.db.select().from(smsOutbox)
    const notices = sent.filter(m => !m.body.includes('验证码'))
    expect(notices.length).toBeGreaterThanOrEqual(10)
    for (const m of notices) {
      expect(findPersonalNumbers(m.body).idNumbers).toEqual([])
      expect(m.body).not.toMatch(/\d{15,}/)
      for (const name of [mother.name, primary.record.name, college.record.name, '孙雅静', '郑海燕'])
        expect(m.body).not.toContain(name)
    }
    expect(notices.map(m => m.body)).toContain('【学籍通】您 2026-11-23 提交的投诉已办结，请登录学籍通查看结果并评价。')
    // The demo's phone shows a sign-in code as the code, and a notice (its sheet number begins 410102) as none.
    const shown = (await (await s.visitor().api.dev['sms-outbox'].$post({ json: { phone: mother.phone! } })).json()).messages
    expect(shown.filter(m => m.body.includes('核查单')).length).toBeGreaterThan(0)
    for (const m of shown)
      expect(m.code).toBe(/验证码是 (\d{6})/.exec(m.body)?.[1] ?? null)
  })
})

describe.each(racingKinds)('exactly one SMS per step under a burst on %s (issue 11)', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind, { students: 5 }) }, 120_000)
  afterAll(async () => { await s.close() })

  it('five officers accepting the same case at once: one 受理, one SMS', async () => {
    const mum = await parent(s)
    const id = await file(mum)
    const desks = await Promise.all(Array.from({ length: 5 }, () => officer(s, 'zhongyuan.officer')))
    const answers = await Promise.all(desks.map(d => acceptToSchool(d, id)))
    expect(answers.filter(r => r.status === 200)).toHaveLength(1)
    const queued = await s.database.db.select().from(outboxMessages).where(eq(outboxMessages.template, 'complaintAccepted'))
    expect(queued).toHaveLength(1)
  })
})
