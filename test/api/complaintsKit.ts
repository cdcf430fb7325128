import type { TestServer, Visitor } from './harness.ts'
import { eq, sql } from 'drizzle-orm'
import { expect } from 'vitest'
import { sha256 } from '../../server/auth/tokens.ts'
import { rowsOf } from '../../server/db/bulk.ts'
import { complaints, sessions } from '../../server/db/schema/index.ts'
import { featuredStudents } from '../../server/demo/generate.ts'
import { signIn } from './harness.ts'

export const featured = Object.fromEntries(featuredStudents().map(f => [f.key, f]))
export const primary = featured.primary!
export const mother = primary.guardians.find(g => g.isGuardian)!
export const PASSWORD = 'xjt-demo-2026'

// Keyed by the server object, not its address: a closed server's port can be reused by the next one.
const signedIn = new WeakMap<TestServer, Map<string, Visitor>>()
const officers = new WeakMap<TestServer, Map<string, { v: Visitor, at: number }>>()

/** An officer signed in fresh: a session of its own (for tests of sessions and sign-out). */
export async function newOfficerSession(s: TestServer, username: string) {
  const v = s.visitor()
  const res = await v.api.auth.officer.$post({ json: { username, password: PASSWORD } })
  expect(res.status).toBe(200)
  return v
}

/**
 * An officer signed in, reusing the last session of this server and username while the test clock
 * stands where it was (a moved clock may have ended it). design: a password check is deliberately
 * slow (scrypt, N=2^17, about 0.4 s of a core); signing in afresh at every step made the API tests
 * spend minutes hashing.
 */
export async function officer(s: TestServer, username: string) {
  const mine = officers.get(s) ?? new Map<string, { v: Visitor, at: number }>()
  officers.set(s, mine)
  const at = s.clock.now.getTime()
  const kept = mine.get(username)
  if (kept?.at !== at || !await holdsSession(s, kept.v))
    mine.set(username, { v: await newOfficerSession(s, username), at })
  return mine.get(username)!.v
}

/** Whether a visitor's session is still stored: a sweep run with the clock moved ahead forgets it (server/auth/housekeeping.ts). */
async function holdsSession(s: TestServer, v: Visitor) {
  const token = v.cookies.get('xjt_session')
  return !!token && (await s.database.db.select({ tokenHash: sessions.tokenHash }).from(sessions).where(eq(sessions.tokenHash, sha256(token)))).length > 0
}

/** The mother (signed in) binds her daughter's record as guardian. */
export async function bindDaughter(v: Visitor) {
  const res = await v.api.bindings.$post({ json: { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber!, childName: primary.record.name, childIdNumber: primary.record.idNumber! } })
  expect(res.status).toBe(200)
}

/** Uploads a small PDF as a proof; answers its attachment id. */
export async function uploadProof(s: TestServer, v: Visitor) {
  const form = new FormData()
  form.append('file', new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34])], 'proof.pdf'))
  return (await (await v.fetch(`${s.baseUrl}/api/uploads`, { method: 'POST', body: form })).json() as { id: string }).id
}

/** A parent signed in by phone code, once per server and phone (codes are limited to one a minute). */
export async function parent(s: TestServer, phone = mother.phone!) {
  const mine = signedIn.get(s) ?? new Map<string, Visitor>()
  signedIn.set(s, mine)
  if (!mine.has(phone) || !await holdsSession(s, mine.get(phone)!)) {
    const v = s.visitor()
    await signIn(v, phone)
    mine.set(phone, v)
  }
  return mine.get(phone)!
}

export function complaintInput(overrides: { student?: Partial<ReturnType<typeof studentOf>>, category?: string, schoolUnitId?: string, attachmentIds?: string[] } = {}) {
  return {
    requestId: crypto.randomUUID(),
    complainant: { name: mother.name, gender: '女' as const, age: 36, ethnicity: '汉族', idNumber: mother.idNumber!, phone: mother.phone! },
    student: { ...studentOf(), ...overrides.student },
    schoolUnitId: overrides.schoolUnitId ?? primary.record.schoolUnitId,
    category: (overrides.category ?? 'falseInformation') as 'falseInformation',
    description: '孩子的出生日期登记错了，学校说改不了，已经反映两个月没有结果。',
    attachmentIds: overrides.attachmentIds ?? [],
  }
}

function studentOf() {
  return { name: primary.record.name, gender: '女' as const, age: 9, ethnicity: primary.record.ethnicity, registryNo: primary.record.registryNo, idNumber: primary.record.idNumber! }
}

export async function file(v: Visitor, input = complaintInput()) {
  const res = await v.api.complaints.$post({ json: input })
  expect(res.status).toBe(201)
  return (await res.json() as { id: string }).id
}

/** Accepts a case at 中原区教育局 and assigns it to the school's registrar. */
export async function acceptToSchool(intake: Visitor, id: string, handlerUsername = 'primary.registrar') {
  const options = await (await intake.api.complaints[':id']['handler-options'].$get({ param: { id } })).json() as any
  const school = options.units.find((u: any) => u.people.some((p: any) => p.role === 'registrar'))
  const names: Record<string, string> = { 'primary.registrar': '孙雅静', 'primary.registrar2': '郑海燕' }
  const handler = school.people.find((p: any) => p.name === names[handlerUsername])
  return intake.api.complaints[':id'].accept.$post({ param: { id }, json: { handlingUnitId: school.id, handlerId: handler.id, matter: '学生出生日期登记错误，学校未予更正' } })
}

/**
 * design (issue 10 item 12): the school (承办单位) reports its findings and 中原区教育局 (处理责任单位)
 * reviews the report and closes the case. Answers the county's close response.
 */
export async function reportAndClose(s: TestServer, id: string, findings: string) {
  const reported = await (await officer(s, 'primary.registrar')).api.complaints[':id'].report.$post({ param: { id }, json: { findings } })
  expect(reported.status, await reported.clone().text()).toBe(200)
  return (await officer(s, 'zhongyuan.officer')).api.complaints[':id'].close.$post({ param: { id }, json: {} })
}

/**
 * issue 14: the officers' queue is ordered by what database triggers keep on each case
 * (`clock_due_at`, `queue_key`, migrations 0023–0024). They must say what caseClock() says on the
 * case's page, whatever the case went through; and the queue's reach (case_reach, 0035) must list each
 * unit on the paths of the case's routed and handling units, with the case's order. Returns how many
 * cases were compared.
 */
export async function expectStoredClocksAsShown(s: TestServer) {
  const province = await officer(s, 'henan.province')
  const rows = await s.database.db.select({ id: complaints.id, status: complaints.status, createdAt: complaints.createdAt, dueAt: complaints.clockDueAt, queueKey: complaints.queueKey }).from(complaints)
  for (const r of rows) {
    const res = await province.api.complaints[':id'].$get({ param: { id: r.id } })
    expect(res.status).toBe(200)
    const shown = (await res.json()).clock?.dueAt ?? null
    expect({ id: r.id, status: r.status, dueAt: r.dueAt?.toISOString() ?? null }).toEqual({ id: r.id, status: r.status, dueAt: shown })
    // Least time left first; a waiting complaint without a clock by filing time; the rest last.
    expect(r.queueKey?.toISOString() ?? null).toBe(shown ?? (r.status === 'received' ? r.createdAt.toISOString() : null))
  }
  const reach = rowsOf(await s.database.db.execute(sql`select r.complaint_id as id, r.unit_id as "unitId", r.queue_key is not distinct from c.queue_key as "sameKey"
    from case_reach r join complaints c on c.id = r.complaint_id order by 1, 2`))
  const expected = rowsOf(await s.database.db.execute(sql`select c.id, u.id as "unitId", true as "sameKey" from complaints c
    join units u on exists (select 1 from units x where x.id in (c.routed_unit_id, c.handling_unit_id) and x.path like u.path || '%') order by 1, 2`))
  expect(reach).toEqual(expected)
  return rows.length
}
