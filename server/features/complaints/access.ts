import type { Db } from '../../db/client.ts'
import type { SignedIn } from '../../http/context.ts'
import { eq, inArray } from 'drizzle-orm'
import { complaints, units } from '../../db/schema/index.ts'
import { notFound } from '../../http/errors.ts'

export type Complaint = typeof complaints.$inferSelect

export interface CaseRoles {
  accountId: string
  filer: boolean
  intake: boolean // an officer of the 学籍主管部门 the case is routed to
  handler: boolean // an officer of the 承办单位
  above: boolean // an officer of a unit above the routed unit (督办)
  officer: boolean
}

export const caseNotFound = () => notFound('CASE_NOT_FOUND', '没有找到这件投诉，或不在您的管辖范围内')

/** What the signed-in account may do with a case; anyone unrelated gets the same 404 as for no case. */
export async function caseRoles(db: Db, s: SignedIn, c: Complaint): Promise<CaseRoles> {
  if (s.kind === 'citizen') {
    if (c.filedBy !== s.accountId)
      throw caseNotFound()
    return { accountId: s.accountId, filer: true, intake: false, handler: false, above: false, officer: false }
  }
  const ids = [c.routedUnitId, c.handlingUnitId].filter((x): x is string => !!x)
  const paths = await db.select({ id: units.id, path: units.path }).from(units).where(inArray(units.id, ids))
  const pathOf = (id: string | null) => paths.find(p => p.id === id)?.path ?? ''
  const under = (id: string | null) => !!id && !!s.unitPath && pathOf(id).startsWith(s.unitPath)
  if (!under(c.routedUnitId) && !under(c.handlingUnitId))
    throw caseNotFound()
  const desk = s.role !== 'registrar'
  return {
    accountId: s.accountId,
    filer: false,
    intake: desk && s.unitId === c.routedUnitId,
    handler: s.unitId === c.handlingUnitId,
    above: desk && under(c.routedUnitId) && s.unitId !== c.routedUnitId,
    officer: true,
  }
}

export async function loadComplaint(db: Db, id: string) {
  const [c] = await db.select().from(complaints).where(eq(complaints.id, id))
  if (!c)
    throw caseNotFound()
  return c
}
