import type { TestServer } from './harness.ts'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/db/client.ts'
import { complaints, units } from '../../server/db/schema/index.ts'
import { acceptToSchool, expectStoredClocksAsShown, file, officer, parent, primary } from './complaintsKit.ts'
import { databaseKinds, racingKinds, sessionsWaitingOnALock, startServer } from './harness.ts'

// issue 14: an officer's queue reads case_reach (migrations 0034–0035), which the database keeps as a
// case is routed, handed to a school, returned, or its unit moves. Who sees a case must stay what
// the case's own page allows (server/features/complaints/access.ts).

/** Every case in the officer's queue, page after page. */
async function queueOf(s: TestServer, username: string) {
  const o = await officer(s, username)
  const ids: string[] = []
  let after: string | undefined
  do {
    const page = await (await o.api.cases.$get({ query: after ? { after } : {} })).json()
    ids.push(...page.cases.map(c => c.id))
    after = page.next ?? undefined
  } while (after)
  return ids
}

const schoolId = primary.record.schoolUnitId
/** The school's path, and the path it has under 祥符区's bureau. */
async function schoolPaths(s: TestServer) {
  const db = s.database.db
  const [school] = await db.select({ path: units.path }).from(units).where(eq(units.id, schoolId))
  const [xiangfu] = await db.select({ path: units.path }).from(units).where(sql`${units.id} = (select unit_id from accounts where username = 'xiangfu.officer')`)
  return { home: school!.path, moved: `${xiangfu!.path}${schoolId}/` }
}
const moveSchool = (s: TestServer, path: string) => s.database.db.update(units).set({ path }).where(eq(units.id, schoolId))

describe.each(databaseKinds)('who sees a case in their queue on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterAll(async () => { await s.close() })

  it('a case handed to a school is in its registrar\'s queue and its bureaus\', not another school\'s, and leaves the school when returned', async () => {
    const id = await file(await parent(s))
    expect(await queueOf(s, 'primary.registrar')).not.toContain(id)
    expect(await queueOf(s, 'zhongyuan.officer')).toContain(id)

    expect((await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)).status).toBe(200)
    expect(await queueOf(s, 'primary.registrar')).toContain(id)
    expect(await queueOf(s, 'junior.registrar')).not.toContain(id)
    expect(await queueOf(s, 'xiangfu.officer')).not.toContain(id)
    expect(await queueOf(s, 'zhengzhou.city')).toContain(id)
    expect(await queueOf(s, 'henan.province')).toContain(id)

    const school = await officer(s, 'primary.registrar')
    expect((await school.api.complaints[':id'].return.$post({ param: { id }, json: { reason: '不是本校学生，请重新交办' } })).status).toBe(200)
    expect(await queueOf(s, 'primary.registrar')).not.toContain(id)
    expect(await queueOf(s, 'zhongyuan.officer')).toContain(id)
    expect(await expectStoredClocksAsShown(s)).toBeGreaterThan(0)
  })

  it('when a school moves to another county, the cases it handles follow it into the new county\'s queue, and back', async () => {
    const id = await file(await parent(s))
    expect((await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)).status).toBe(200)
    const { home, moved } = await schoolPaths(s)
    try {
      await moveSchool(s, moved)
      expect(await queueOf(s, 'xiangfu.officer')).toContain(id)
      expect(await queueOf(s, 'primary.registrar')).toContain(id)
      // still routed to 中原区: its intake keeps the case
      expect(await queueOf(s, 'zhongyuan.officer')).toContain(id)
      const other = await file(await parent(s))
      expect(await queueOf(s, 'xiangfu.officer')).not.toContain(other)
    }
    finally {
      await moveSchool(s, home)
    }
    expect(await queueOf(s, 'xiangfu.officer')).not.toContain(id)
  })
})

// design: a school moved by an import while a case is handed to it. The move's trigger waits for the
// handing (its foreign key check holds the school's row), then lists the case along the new path.
describe.each(racingKinds)('a school moved while a case is being handed to it, on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterAll(async () => { await s.close() })

  const waitingOnALock = () => sessionsWaitingOnALock(s)

  it('the case is in the new county\'s queue once both have committed', async () => {
    const id = await file(await parent(s))
    const { home, moved } = await schoolPaths(s)
    const other = await openDatabase(s.databaseUrl!) // another instance
    let move: Promise<unknown> | undefined
    try {
      await other.db.transaction(async (tx) => {
        await tx.update(complaints).set({ handlingUnitId: schoolId }).where(eq(complaints.id, id)) // as 受理 hands it on
        move = moveSchool(s, moved).execute() // an import moving the school meanwhile: it waits for the handing
        await Promise.race([move, expect.poll(waitingOnALock, { timeout: 10_000 }).toBeGreaterThan(0)]) // it waits, or (before the fix) ends first
      })
      await move
      expect(await queueOf(s, 'xiangfu.officer')).toContain(id)
      expect(await expectStoredClocksAsShown(s)).toBeGreaterThan(0)
    }
    finally {
      await move?.catch(() => {})
      await moveSchool(s, home)
      await other.close()
    }
  })
})
