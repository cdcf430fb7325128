import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { and, desc, eq, like, lt } from 'drizzle-orm'
import { line } from '#shared/schemas/text.ts'
import { verifyAuditChain } from '../../audit/chain.ts'
import { requireOfficer } from '../../auth/session.ts'
import { accounts, auditEvents, units } from '../../db/schema/index.ts'
import { commonErrors, jsonOk } from '../../http/openapi.ts'

const PAGE = 50

const auditQuery = z.object({
  action: line().max(40).optional().openapi({ description: '动作前缀，如 case. / record.view' }),
  recordId: z.uuid('学籍编号无效').optional(),
  actor: line().max(40).optional().openapi({ description: '工作人员用户名' }),
  before: z.coerce.number().int().positive().optional().openapi({ description: '翻页：上一页最后一条的 seq' }),
})

const entry = z.object({
  seq: z.number(),
  at: z.string(),
  action: z.string(),
  actorName: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actorRole: z.string().nullable(),
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
    method: 'get',
    path: '/officer/audit',
    tags: ['audit'],
    summary: '审计日志查询（省级）：按动作、学籍、工作人员筛选，新的在前',
    request: { query: auditQuery },
    responses: { 200: jsonOk(z.object({ entries: z.array(entry), next: z.number().nullable() }), '审计记录'), ...commonErrors },
  }), async (c) => {
    requireOfficer(c) // province only: the access table (server/http/access.ts)
    const q = c.req.valid('query')
    const rows = await c.get('deps').db.select({ e: auditEvents, actorName: accounts.displayName, actorUsername: accounts.username, unitName: units.name }).from(auditEvents).leftJoin(accounts, eq(accounts.id, auditEvents.actorId)).leftJoin(units, eq(units.id, auditEvents.actorUnitId)).where(and(
      q.action ? like(auditEvents.action, `${q.action.replace(/[\\%_]/g, m => `\\${m}`)}%`) : undefined,
      q.recordId ? eq(auditEvents.recordId, q.recordId) : undefined,
      q.actor ? eq(accounts.username, q.actor) : undefined,
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
