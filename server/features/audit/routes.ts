import type { Db } from '../../db/client.ts'
import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { and, desc, eq, inArray, like, lt, or } from 'drizzle-orm'
import { line } from '#shared/schemas/text.ts'
import { verifyAuditChain } from '../../audit/chain.ts'
import { requireOfficer } from '../../auth/session.ts'
import { isUuid } from '../../db/keyset.ts'
import { accounts, auditEvents, studentRecords, units } from '../../db/schema/index.ts'
import { matchesSealed } from '../../db/sealedLookup.ts'
import { commonErrors, jsonBody, jsonOk } from '../../http/openapi.ts'

const PAGE = 50

const auditQuery = z.object({
  action: line().max(40).optional().openapi({ description: '动作前缀，如 case. / record.view' }),
  record: line().max(40).optional().openapi({ description: '学籍：学籍号、身份证件号或学籍编号（uuid）' }),
  actor: line().max(40).optional().openapi({ description: '工作人员：用户名或姓名' }),
  before: z.number().int().positive().optional().openapi({ description: '翻页：上一页最后一条的 seq' }),
})

/** The records a filter names: by internal id, or by 学籍号 or 身份证件号 through their blind indexes. */
async function recordsNamed(db: Db, named: string): Promise<string[]> {
  const id = named.toLowerCase()
  if (isUuid(id))
    return [id]
  const number = named.replace(/\s/g, '').toUpperCase()
  const rows = await db.select({ id: studentRecords.id }).from(studentRecords).where(or(matchesSealed(studentRecords.registryNoIndex, number), matchesSealed(studentRecords.idNumberIndex, number)))
  return rows.map(r => r.id)
}

const entry = z.object({
  seq: z.number(),
  at: z.string(),
  action: z.string(),
  actorName: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actorRole: z.string().nullable(),
  /** citizen: a student or guardian acting on their own account; null: the system (sweeper, import) */
  actorKind: z.enum(['citizen', 'officer']).nullable(),
  unitName: z.string().nullable(),
  recordId: z.string().nullable(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  clientIp: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  sealed: z.boolean(),
})

const integrity = z.object({ ok: z.boolean(), entries: z.number(), unsealed: z.number().optional(), brokenAt: z.object({ position: z.number(), id: z.string().nullable(), reason: z.string() }).optional() })

export const auditRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'post',
    path: '/officer/audit/search',
    tags: ['audit'],
    // design: a POST, as the officer's record search: a 学籍号 or ID number filtered by stays out of URLs (002:25).
    summary: '审计日志查询（省级）：按动作、学籍、工作人员筛选，新的在前（筛选条件在请求正文中，不进网址）',
    request: jsonBody(auditQuery),
    responses: { 200: jsonOk(z.object({ entries: z.array(entry), next: z.number().nullable() }), '审计记录'), ...commonErrors },
  }), async (c) => {
    requireOfficer(c) // province only: the access table (server/http/access.ts)
    const q = c.req.valid('json')
    const { db } = c.get('deps')
    const recordIds = q.record ? await recordsNamed(db, q.record) : []
    if (q.record && recordIds.length === 0)
      return c.json({ entries: [], next: null }, 200)
    const rows = await db.select({ e: auditEvents, actorName: accounts.displayName, actorUsername: accounts.username, actorKind: accounts.kind, unitName: units.name }).from(auditEvents).leftJoin(accounts, eq(accounts.id, auditEvents.actorId)).leftJoin(units, eq(units.id, auditEvents.actorUnitId)).where(and(
      q.action ? like(auditEvents.action, `${q.action.replace(/[\\%_]/g, m => `\\${m}`)}%`) : undefined,
      q.record ? inArray(auditEvents.recordId, recordIds) : undefined,
      q.actor ? or(eq(accounts.username, q.actor), eq(accounts.displayName, q.actor)) : undefined,
      q.before ? lt(auditEvents.seq, q.before) : undefined,
    )).orderBy(desc(auditEvents.seq)).limit(PAGE)
    const entries = rows.map(({ e, ...who }) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      action: e.action,
      ...who,
      actorRole: e.actorRole,
      recordId: e.recordId,
      objectType: e.objectType,
      objectId: e.objectId,
      clientIp: e.clientIp,
      detail: e.detail ?? null,
      sealed: e.chainPos !== null,
    }))
    return c.json({ entries, next: entries.length === PAGE ? entries.at(-1)!.seq : null }, 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/officer/audit/integrity',
    tags: ['audit'],
    summary: '审计日志完整性校验（哈希链）',
    responses: { 200: jsonOk(integrity, '校验结果'), ...commonErrors },
  }), async (c) => {
    requireOfficer(c) // province only: the access table (server/http/access.ts)
    return c.json(await verifyAuditChain(c.get('deps').db), 200)
  })
