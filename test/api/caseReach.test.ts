import type { TestServer } from './harness.ts'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { units } from '../../server/db/schema/index.ts'
import { acceptToSchool, expectStoredClocksAsShown, file, officer, parent, primary } from './complaintsKit.ts'
import { databaseKinds, startServer } from './harness.ts'

// issue 14: an officer's queue reads case_reach (migrations 0034–0035), which the database keeps as a
// case is routed, handed to a school, returned, or its unit moves. Who sees a case must stay what
// the case's own page allows (server/features/complaints/access.ts).
describe.each(databaseKinds)('who sees a case in their queue on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterAll(async () => { await s.close() })

  /** Every case in the officer's queue, page after page. */
  async function queueOf(username: string) {
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

  it('a case handed to a school is in its registrar\'s queue and its bureaus\', not another school\'s, and leaves the school when returned', async () => {
    const id = await file(await parent(s))
    expect(await queueOf('primary.registrar')).not.toContain(id)
    expect(await queueOf('zhongyuan.officer')).toContain(id)

    expect((await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)).status).toBe(200)
    expect(await queueOf('primary.registrar')).toContain(id)
    expect(await queueOf('junior.registrar')).not.toContain(id)
    expect(await queueOf('xiangfu.officer')).not.toContain(id)
    expect(await queueOf('zhengzhou.city')).toContain(id)
    expect(await queueOf('henan.province')).toContain(id)

    const school = await officer(s, 'primary.registrar')
    expect((await school.api.complaints[':id'].return.$post({ param: { id }, json: { reason: '不是本校学生，请重新交办' } })).status).toBe(200)
    expect(await queueOf('primary.registrar')).not.toContain(id)
    expect(await queueOf('zhongyuan.officer')).toContain(id)
    expect(await expectStoredClocksAsShown(s)).toBeGreaterThan(0)
  })

  it('when a school moves to another county, the cases it handles follow it into the new county\'s queue, and back', async () => {
    const id = await file(await parent(s))
    expect((await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)).status).toBe(200)
    const db = s.database.db
    const [school] = await db.select({ path: units.path }).from(units).where(eq(units.id, primary.record.schoolUnitId))
    const [xiangfu] = await db.select({ path: units.path }).from(units).where(sql`${units.id} = (select unit_id from accounts where username = 'xiangfu.officer')`)
    const moved = `${xiangfu!.path}${primary.record.schoolUnitId}/`
    const move = (path: string) => db.update(units).set({ path }).where(eq(units.id, primary.record.schoolUnitId))
    try {
      await move(moved)
      expect(await queueOf('xiangfu.officer')).toContain(id)
      expect(await queueOf('primary.registrar')).toContain(id)
      // still routed to 中原区: its intake keeps the case
      expect(await queueOf('zhongyuan.officer')).toContain(id)
      const other = await file(await parent(s))
      expect(await queueOf('xiangfu.officer')).not.toContain(other)
    }
    finally {
      await move(school!.path)
    }
    expect(await queueOf('xiangfu.officer')).not.toContain(id)
  })
})
