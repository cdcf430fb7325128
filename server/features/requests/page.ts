import type { AnyColumn, SQL } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import type { Db } from '../../db/client.ts'
import { and, desc, eq, inArray, not, or, sql } from 'drizzle-orm'
import { runningStatuses } from '#shared/complaints/caseMachine.ts'
import { decodePlace, encodePlace, invalidCursor, isTime, isUuid } from '../../db/keyset.ts'
import { certificateRequests, complaints, corrections } from '../../db/schema/index.ts'

export const MY_REQUESTS_PAGE = 20

// design: 我的申请 lists what still runs before what has ended, each newest first. The list is
// merged from three tables and paged by one cursor (issue 14: keyset pages, no silent cap): the last
// line's group (0 running, 1 ended), its filing time to the microsecond, and its id. A request that
// ends while someone pages comes again on a later page (the app shows it once); one that runs again
// (a closed case objected to) after its place was passed shows on the next refresh. The app orders the
// running ones by time left among those loaded.
interface Place { group: number, at: string, id: string }

const exactTime = (column: AnyColumn) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`

function placeOf(cursor: string): Place {
  const [group, at, id] = decodePlace(cursor)
  if ((group !== 0 && group !== 1) || !isTime(at) || !isUuid(id))
    throw invalidCursor()
  return { group, at, id }
}

/** Each kind of request: its table's columns, and when it has ended for the person who filed it. */
const kinds = {
  complaint: { table: complaints, id: complaints.id, filedBy: complaints.filedBy, createdAt: complaints.createdAt, ended: not(inArray(complaints.status, runningStatuses)) },
  correction: { table: corrections, id: corrections.id, filedBy: corrections.filedBy, createdAt: corrections.createdAt, ended: not(or(eq(corrections.status, 'pending'), sql`${corrections.status} = 'approved' and ${corrections.appliedAt} is null`)!) },
  certificate: { table: certificateRequests, id: certificateRequests.id, filedBy: certificateRequests.filedBy, createdAt: certificateRequests.createdAt, ended: not(inArray(certificateRequests.status, ['pending', 'reviewed'])) },
} satisfies Record<string, { table: PgTable, id: AnyColumn, filedBy: AnyColumn, createdAt: AnyColumn, ended: SQL }>
type Kind = keyof typeof kinds

/** The places of one kind's next lines, in the list's order. */
function placesOf(db: Db, kind: Kind, accountId: string, after: Place | null) {
  const k = kinds[kind]
  const group = sql<number>`(${k.ended})::int`
  return db.select({ id: k.id, at: exactTime(k.createdAt), group })
    .from(k.table as PgTable)
    .where(and(eq(k.filedBy, accountId), after
      ? sql`(${group} > ${after.group} or (${group} = ${after.group} and (${k.createdAt}, ${k.id}) < (${after.at}::timestamp at time zone 'UTC', ${after.id}::uuid)))`
      : undefined))
    .orderBy(group, desc(k.createdAt), desc(k.id))
    .limit(MY_REQUESTS_PAGE + 1)
}

const inListOrder = (a: Place, b: Place) => a.group - b.group || (a.at === b.at ? (a.id < b.id ? 1 : -1) : (a.at < b.at ? 1 : -1))

/** The ids of each kind on the page after `before`, and the cursor of the next page. */
export async function myRequestPage(db: Db, accountId: string, before: string | undefined) {
  const after = before ? placeOf(before) : null
  const found = await Promise.all((Object.keys(kinds) as Kind[]).map(async kind =>
    (await placesOf(db, kind, accountId, after)).map(p => ({ ...p, kind }))))
  const merged = found.flat().sort(inListOrder)
  const page = merged.slice(0, MY_REQUESTS_PAGE)
  const last = page.at(-1)
  const idsOf = (kind: Kind) => page.filter(p => p.kind === kind).map(p => p.id)
  return {
    complaintIds: idsOf('complaint'),
    correctionIds: idsOf('correction'),
    certificateRequestIds: idsOf('certificate'),
    next: merged.length > MY_REQUESTS_PAGE && last ? encodePlace([last.group, last.at, last.id]) : null,
  }
}
