import type { TestServer, Visitor } from './harness.ts'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { SESSION_COOKIE } from '../../server/auth/session.ts'
import { featuredStudents } from '../../server/demo/generate.ts'
import { shanghaiDate } from '../../shared/calendar/index.ts'
import { idCheckCharacter } from '../../shared/idNumber.ts'
import { databaseKinds, signIn, startServer } from './harness.ts'

const featured = Object.fromEntries(featuredStudents().map(f => [f.key, f]))
const junior = featured.junior!
const primary = featured.primary!
const temporary = featured.temporary!
const mother = primary.guardians.find(g => g.isGuardian)!
const PASSWORD = 'xjt-demo-2026'

async function officer(s: TestServer, username: string) {
  const v = s.visitor()
  const res = await v.api.auth.officer.$post({ json: { username, password: PASSWORD } })
  expect(res.status).toBe(200)
  return v
}

describe.each(databaseKinds)('binding a record on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterEach(() => s.clock.reset())
  afterAll(async () => { await s.close() })

  async function citizen(phone: string) {
    const v = s.visitor()
    await signIn(v, phone)
    return v
  }

  it('a student binds their own record with name and ID number and sees it listed', async () => {
    const v = await citizen('13700000001')
    const res = await v.api.bindings.$post({ json: { relation: 'self', name: junior.record.name, idNumber: junior.record.idNumber! } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ relation: 'self', created: true })
    const me = await (await v.api.me.$get()).json()
    expect(me.bindings).toEqual([expect.objectContaining({ studentName: junior.record.name, relation: 'self' })])
  })

  it('binding twice keeps one binding', async () => {
    const v = await citizen('13700000002')
    const body = { relation: 'self' as const, name: junior.record.name, idNumber: junior.record.idNumber!.toLowerCase() }
    await v.api.bindings.$post({ json: body })
    const again = await (await v.api.bindings.$post({ json: body })).json()
    expect(again).toMatchObject({ created: false })
    expect((await (await v.api.me.$get()).json()).bindings).toHaveLength(1)
  })

  it.each([
    ['a 15-digit number', '410102120520123', 'ID_FIRST_GENERATION', '15 位的一代身份证号码已停止使用，请输入 18 位号码', '13700000031'],
    ['a wrong check character', `${junior.record.idNumber!.slice(0, 17)}${junior.record.idNumber!.endsWith('1') ? '2' : '1'}`, 'ID_CHECKSUM', '校验位不正确，请核对最后一位', '13700000032'],
    ['an impossible birth date', '410102201302300000', 'ID_BIRTH_DATE_INVALID', undefined, '13700000033'],
    ['an unknown region', '000000201205200000', 'ID_REGION_UNKNOWN', undefined, '13700000034'],
  ])('an ID number with %s is refused before any lookup, naming the problem', async (_what, idNumber, code, message, phone) => {
    const v = await citizen(phone)
    const res = await v.api.bindings.$post({ json: { relation: 'self', name: junior.record.name, idNumber } })
    expect(res.status).toBe(400)
    const body = await res.json() as any
    expect(body.issues[0]).toMatchObject({ path: 'idNumber', code })
    if (message)
      expect(body.message).toBe(message)
  })

  it('the birth-date check runs on the server\'s clock, not the machine\'s', async () => {
    const born = (date: string) => {
      const first17 = `410102${date.replace(/-/g, '')}001`
      return `${first17}${idCheckCharacter(first17)}`
    }
    const today = shanghaiDate(s.clock.now)
    const tomorrow = shanghaiDate(new Date(s.clock.now.getTime() + 24 * 3600_000))
    const v = await citizen('13700000041')
    const future = await v.api.bindings.$post({ json: { relation: 'self', name: junior.record.name, idNumber: born(tomorrow) } })
    expect(future.status).toBe(400)
    expect((await future.json() as any).issues[0]).toMatchObject({ path: 'idNumber', code: 'ID_BIRTH_DATE_FUTURE' })
    const bornToday = await v.api.bindings.$post({ json: { relation: 'self', name: junior.record.name, idNumber: born(today) } })
    expect(await bornToday.json()).toMatchObject({ code: 'BIND_NO_MATCH' }) // a valid number, just not registered

    // Far beyond the machine's date: a child born "in the future" of the machine is born in the server's past.
    s.clock.now = new Date(s.clock.now.getTime() + 80 * 365 * 24 * 3600_000)
    const later = await citizen('13700000042')
    const grownUp = await later.api.bindings.$post({ json: { relation: 'self', name: junior.record.name, idNumber: born(shanghaiDate(new Date(s.clock.now.getTime() - 24 * 3600_000))) } })
    expect(await grownUp.json()).toMatchObject({ code: 'BIND_NO_MATCH' })
  })

  it('a wrong name and an unknown ID number get the same answer', async () => {
    const v = await citizen('13700000004')
    const wrongName = await v.api.bindings.$post({ json: { relation: 'self', name: '张三', idNumber: junior.record.idNumber! } })
    const unknown = await v.api.bindings.$post({ json: { relation: 'self', name: junior.record.name, idNumber: '11010519491231002X' } })
    expect(wrongName.status).toBe(400)
    expect(unknown.status).toBe(400)
    // The same words and the same count: tries left go down whatever failed.
    const [one, two] = [await wrongName.json() as any, await unknown.json() as any]
    expect({ ...one, message: '', triesLeft: 0 }).toEqual({ ...two, message: '', triesLeft: 0 })
    expect([one.triesLeft, two.triesLeft]).toEqual([4, 3])
  })

  it('says how many tries are left and, once locked, why and until when; a burst cannot outrun the count (issue 13 item 4)', async () => {
    const v = await citizen('13700000007')
    const wrong = (i: number) => v.api.bindings.$post({ json: { relation: 'self', name: `错${i}`, idNumber: junior.record.idNumber! } })
    const first = await (await wrong(0)).json() as any
    expect(first).toMatchObject({ code: 'BIND_NO_MATCH', triesLeft: 4 })
    expect(first.message).toContain('还可以再试 4 次')
    // A student binding themself is not told to check a phone number: only a guardian's is compared.
    expect(first.message).not.toContain('手机号')

    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => wrong(i + 1)))
    const statuses: number[] = burst.map(r => r.status)
    expect(statuses.filter(x => x === 400)).toHaveLength(4)
    expect(statuses.filter(x => x === 429)).toHaveLength(6)

    const locked = await v.api.bindings.$post({ json: { relation: 'self', name: junior.record.name, idNumber: junior.record.idNumber! } })
    expect(locked.status).toBe(429)
    const body = await locked.json() as any
    const until = new Date(s.clock.now.getTime() + 3600_000)
    expect(body).toMatchObject({ code: 'BIND_RATE_LIMITED', lockedUntil: until.toISOString() })
    expect(body.retryAfterSeconds).toBeGreaterThan(3500)
    const hhmm = until.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false })
    expect(body.message).toContain('5 次')
    expect(body.message).toContain(hhmm)
    const account = await s.database.db.query.accounts.findFirst({ where: (a, { eq }) => eq(a.phone, '13700000007') })
    const logged = await s.database.db.query.auditEvents.findMany({ where: (a, { and, eq }) => and(eq(a.action, 'binding.failed'), eq(a.actorId, account!.id)) })
    expect(logged).toHaveLength(5)
  })

  it('after five failed bindings in an hour the account must wait, and the failures are logged', async () => {
    const v = await citizen('13700000005')
    for (let i = 0; i < 5; i++)
      await v.api.bindings.$post({ json: { relation: 'self', name: `错${i}`, idNumber: junior.record.idNumber! } })
    const blocked = await v.api.bindings.$post({ json: { relation: 'self', name: junior.record.name, idNumber: junior.record.idNumber! } })
    expect(blocked.status).toBe(429)
    expect(await blocked.json()).toMatchObject({ code: 'BIND_RATE_LIMITED' })
    const account = await s.database.db.query.accounts.findFirst({ where: (a, { eq }) => eq(a.phone, '13700000005') })
    const logged = await s.database.db.query.auditEvents.findMany({ where: (a, { and, eq }) => and(eq(a.action, 'binding.failed'), eq(a.actorId, account!.id)) })
    expect(logged).toHaveLength(5) // the five misses; the refused sixth try was never compared
  })

  it('a parent binds their child when their name, ID number and phone match a guardian entry', async () => {
    const v = await citizen(mother.phone!)
    const res = await v.api.bindings.$post({ json: {
      relation: 'guardian',
      guardianName: mother.name,
      guardianIdNumber: mother.idNumber!,
      childName: primary.record.name,
      childIdNumber: primary.record.idNumber!,
    } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ relation: 'guardian', recordId: primary.record.id })
  })

  it('the same parent details from another phone are refused', async () => {
    const v = await citizen('13700000006')
    const res = await v.api.bindings.$post({ json: {
      relation: 'guardian',
      guardianName: mother.name,
      guardianIdNumber: mother.idNumber!,
      childName: primary.record.name,
      childIdNumber: primary.record.idNumber!,
    } })
    expect(await res.json()).toMatchObject({ code: 'BIND_NO_MATCH' })
  })

  it('a parent binds a pupil on a temporary record by 学籍号 (004:1)', async () => {
    const g = temporary.guardians.find(x => x.isGuardian)!
    const v = await citizen(g.phone!)
    const res = await v.api.bindings.$post({ json: {
      relation: 'guardian',
      guardianName: g.name,
      guardianIdNumber: g.idNumber!,
      childName: temporary.record.name,
      childRegistryNo: temporary.record.registryNo,
    } })
    expect(await res.json()).toMatchObject({ recordId: temporary.record.id })
  })
})

describe.each(databaseKinds)('seeing a record on %s', (kind) => {
  let s: TestServer
  let student: Visitor
  const recordId = junior.record.id
  beforeAll(async () => {
    s = await startServer(kind)
    student = s.visitor()
    await signIn(student, '13600000001')
    await student.api.bindings.$post({ json: { relation: 'self', name: junior.record.name, idNumber: junior.record.idNumber! } })
  })
  afterEach(() => s.clock.reset())
  afterAll(async () => { await s.close() })

  it('shows the fields of 附件1 in order with the ID number masked', async () => {
    const r = await (await student.api.records[':id'].$get({ param: { id: recordId } })).json()
    expect(r.student.map(f => f.key).slice(0, 9)).toEqual(['name', 'formerName', 'gender', 'nationality', 'overseasStatus', 'ethnicity', 'idType', 'idNumber', 'birthDate'])
    const id = r.student.find(f => f.key === 'idNumber')!
    expect(id).toMatchObject({ masked: true, value: `${junior.record.idNumber!.slice(0, 6)}********${junior.record.idNumber!.slice(-4)}` })
    expect(JSON.stringify(r)).not.toContain(junior.record.idNumber!)
    expect(r.events[0]).toMatchObject({ kind: 'enrolment' })
    expect(r.guardians.length).toBeGreaterThan(0)
  })

  it('another citizen cannot open it', async () => {
    const other = s.visitor()
    await signIn(other, '13600000002')
    const res = await other.api.records[':id'].$get({ param: { id: recordId } })
    expect(res.status).toBe(404)
  })

  it('the record read checks the session in its own statement (issue 14): ended or expired, it is a 401 there too; a live one is kept seen', async () => {
    const phone = s.visitor() // the same student on a second phone
    s.clock.advance(2 * 60_000) // a new code for that number may be sent a minute after the last
    await signIn(phone, '13600000001')
    const token = phone.cookies.get(SESSION_COOKIE)!
    const read = () => fetch(`${s.baseUrl}/api/records/${recordId}`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } })
    expect((await read()).status).toBe(200)

    s.clock.advance(6 * 60_000) // past the 5 minutes after which a read refreshes "last seen"
    expect((await read()).status).toBe(200)
    const seen = (await (await phone.api.auth.sessions.$get()).json()).sessions.find(x => x.current)!
    expect(seen.lastSeenAt).toBe(s.clock.now.toISOString())

    s.clock.advance(7 * 24 * 3600_000) // a citizen's session lasts a week
    const expired = await read()
    expect(expired.status).toBe(401)
    expect(await expired.json()).toMatchObject({ code: 'UNAUTHENTICATED' })

    s.clock.reset()
    expect((await read()).status).toBe(200)
    await phone.api.auth.logout.$post()
    expect((await read()).status).toBe(401)
    expect((await student.api.records[':id'].$get({ param: { id: recordId } })).status).toBe(200) // the other phone's session lives on
  })

  it('a malformed record id is a 400, not a 500', async () => {
    const res = await student.api.records[':id'].$get({ param: { id: 'not-a-uuid' } })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: '学籍编号无效' })
  })

  it('marking a field wrong saves one dispute even when the submit is retried', async () => {
    const requestId = crypto.randomUUID()
    const json = { requestId, field: 'student.name', explanation: '名字登记错了一个字' }
    const first = await student.api.records[':id'].disputes.$post({ param: { id: recordId }, json })
    const retry = await student.api.records[':id'].disputes.$post({ param: { id: recordId }, json })
    expect(first.status).toBe(201)
    expect(retry.status).toBe(200)
    const r = await (await student.api.records[':id'].$get({ param: { id: recordId } })).json()
    expect(r.disputes).toHaveLength(1)
    expect(r.disputes[0]).toMatchObject({ field: 'student.name', shownValue: junior.record.name, status: 'open' })
  })

  it('a dispute about an unknown field or without a reason is refused', async () => {
    const res = await student.api.records[':id'].disputes.$post({ param: { id: recordId }, json: { requestId: crypto.randomUUID(), field: 'student.salary', explanation: '' } })
    expect(res.status).toBe(400)
    const body = await res.json() as any
    expect(body.issues.map((i: any) => i.path).sort()).toEqual(['explanation', 'field'])
  })

  it('the full ID number is shown only after a fresh code', async () => {
    s.clock.advance(11 * 60_000)
    const stale = await student.api.records[':id'].reveal.$post({ param: { id: recordId } })
    expect(stale.status).toBe(403)
    expect(await stale.json()).toMatchObject({ code: 'REVERIFY_REQUIRED' })
    s.clock.advance(61_000)
    await signIn(student, '13600000001')
    const fresh = await student.api.records[':id'].reveal.$post({ param: { id: recordId } })
    expect(await fresh.json()).toEqual({ idNumbers: [{ whose: 'student', idNumber: junior.record.idNumber }] })
  })

  it('a guardian\'s fresh code shows their own full number and the child\'s, nothing else', async () => {
    const mum = s.visitor()
    await signIn(mum, mother.phone!)
    const bound = await mum.api.bindings.$post({ json: { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber!, childName: primary.record.name, childIdNumber: primary.record.idNumber! } })
    expect(bound.status).toBe(200)
    const res = await mum.api.records[':id'].reveal.$post({ param: { id: primary.record.id } })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ idNumbers: [{ whose: 'guardian', idNumber: mother.idNumber }, { whose: 'student', idNumber: primary.record.idNumber }] })
    const other = await mum.api.records[':id'].reveal.$post({ param: { id: recordId } }) // not their child
    expect(other.status).toBe(404)
  })

  it('an officer of the county that runs the school opens it, and the student sees who looked', async () => {
    const county = await officer(s, 'zhongyuan.officer')
    const res = await county.api.records[':id'].$get({ param: { id: recordId } })
    expect(res.status).toBe(200)
    expect((await res.json()).viewerRelation).toBe('officer')
    const views = await (await student.api.records[':id'].views.$get({ param: { id: recordId }, query: {} })).json()
    expect(views.views[0]).toMatchObject({ action: 'record.view', officerName: '周建华' })
  })

  it('a much-read record\'s list of who looked comes 50 at a time, none lost or doubled (issue 14)', async () => {
    const county = await officer(s, 'zhongyuan.officer')
    const everyView = async () => {
      const pages = []
      let before: string | undefined
      do {
        const page = await (await student.api.records[':id'].views.$get({ param: { id: recordId }, query: before ? { before } : {} })).json()
        pages.push(page)
        before = page.next ?? undefined
      } while (before)
      return pages
    }
    const earlier = (await everyView()).flatMap(p => p.views).length
    await Promise.all(Array.from({ length: 60 }, () => county.api.records[':id'].$get({ param: { id: recordId } })))
    const pages = await everyView()
    expect(pages.map(p => p.views.length)).toEqual([50, earlier + 10])
    const times = pages.flatMap(p => p.views.map(v => v.at))
    expect(times).toEqual([...times].sort().reverse())
    const broken = await student.api.records[':id'].views.$get({ param: { id: recordId }, query: { before: 'x' } })
    expect(await broken.json()).toMatchObject({ code: 'CURSOR_INVALID' })
  })

  it('an officer of another county gets 404 and nothing is logged as read', async () => {
    const other = await officer(s, 'xiangfu.officer')
    const res = await other.api.records[':id'].$get({ param: { id: recordId } })
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ code: 'RECORD_NOT_FOUND' })
    const views = await (await student.api.records[':id'].views.$get({ param: { id: recordId }, query: {} })).json()
    expect(views.views.filter(v => v.officerName === '田晓燕')).toHaveLength(0)
  })

  it('the city and the province above the county can open it; the other city cannot', async () => {
    expect((await (await officer(s, 'zhengzhou.city')).api.records[':id'].$get({ param: { id: recordId } })).status).toBe(200)
    expect((await (await officer(s, 'henan.province')).api.records[':id'].$get({ param: { id: recordId } })).status).toBe(200)
    expect((await (await officer(s, 'kaifeng.city')).api.records[':id'].$get({ param: { id: recordId } })).status).toBe(404)
  })

  it('an officer searches by name only inside their jurisdiction', async () => {
    const mine = await (await (await officer(s, 'zhongyuan.officer')).api.officer.records.search.$post({ json: { q: junior.record.name } })).json()
    expect(mine.records.map(r => r.id)).toContain(recordId)
    const theirs = await (await (await officer(s, 'xiangfu.officer')).api.officer.records.search.$post({ json: { q: junior.record.name } })).json()
    expect(theirs.records.map(r => r.id)).not.toContain(recordId)
  })
})
