import type { Db } from '../../db/client.ts'
import type { SignedIn } from '../../http/context.ts'
import { and, eq, like } from 'drizzle-orm'
import { bindings, studentRecords, units } from '../../db/schema/index.ts'
import { notFound } from '../../http/errors.ts'

export type Viewer
  = | { as: 'self' | 'guardian', accountId: string, holderIdNumber: string }
    | { as: 'officer', accountId: string, unitId: string }

export const recordNotFound = () => notFound('RECORD_NOT_FOUND', '没有找到这份学籍，或不在您的管辖范围内')

/**
 * Who may open a record: a citizen bound to it, or an officer whose unit's jurisdiction
 * contains the student's school. Anyone else gets the same 404 as for a record that does not exist.
 */
export async function viewerOf(db: Db, s: SignedIn, recordId: string): Promise<Viewer> {
  if (s.kind === 'citizen') {
    const [b] = await db.select().from(bindings).where(and(eq(bindings.accountId, s.accountId), eq(bindings.recordId, recordId)))
    if (b)
      return { as: b.relation, accountId: s.accountId, holderIdNumber: b.holderIdNumber }
  }
  else if (s.unitPath && s.unitId) {
    const [r] = await db.select({ id: studentRecords.id }).from(studentRecords).innerJoin(units, eq(units.id, studentRecords.schoolUnitId)).where(and(eq(studentRecords.id, recordId), like(units.path, `${s.unitPath}%`)))
    if (r)
      return { as: 'officer', accountId: s.accountId, unitId: s.unitId }
  }
  throw recordNotFound()
}
