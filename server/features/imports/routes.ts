import type { AppEnv, Ctx, SignedIn } from '../../http/context.ts'
import type { ImportRow } from './service.ts'
import { Buffer } from 'node:buffer'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { eq } from 'drizzle-orm'
import { actorOf, audit } from '../../audit/entry.ts'
import { requireOfficer } from '../../auth/session.ts'
import { imports, units } from '../../db/schema/index.ts'
import { clientIp } from '../../http/context.ts'
import { AppError, notFound } from '../../http/errors.ts'
import { commonErrors, jsonOk } from '../../http/openapi.ts'
import { IGNORE, mappingView as loadMappingView, mappableFields, saveMapping } from './mappings.ts'
import { checkImport, commitImport, importColumns } from './service.ts'
import { refusedRowsWorkbook, templateWorkbook } from './workbooks.ts'

export const MAX_IMPORT_BYTES = 40 * 1024 * 1024
// design: the view lists the first refusals; errors.xlsx holds every refused row.
const SHOWN_ERRORS = 1000
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const issue = z.object({ row: z.number(), column: z.string(), code: z.string(), message: z.string() })
const importView = z.object({
  id: z.string(),
  kind: z.enum(['records', 'schools', 'events']),
  fileName: z.string(),
  status: z.enum(['checking', 'checked', 'committing', 'committed', 'failed']),
  counts: z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), refused: z.number() }),
  errors: z.array(issue),
  errorsTotal: z.number(),
  conflicts: z.array(issue),
  /** Headers neither recognised nor in the unit's saved mapping: the page offers a field for each. */
  unmatched: z.array(z.string()),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
}).openapi('Import')
const idParam = z.object({ id: z.uuid('导入编号无效') })
const kindParam = z.object({ kind: z.enum(['records', 'schools', 'events']) })
const mappingView = z.object({
  kind: z.enum(['records', 'schools', 'events']),
  columns: z.array(z.object({ header: z.string(), column: z.string() })),
  fields: z.array(z.object({ key: z.string(), label: z.string() })),
  updatedAt: z.string().nullable(),
}).openapi('ImportMapping')
const download = (body: Uint8Array, name: string) => new Response(Buffer.from(body), { headers: { 'content-type': XLSX, 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`, 'cache-control': 'private, no-store' } })

const importActor = (c: Ctx, me: SignedIn & { unitId: string, unitPath: string }) => ({ accountId: me.accountId, unitId: me.unitId, unitPath: me.unitPath, role: me.role, clientIp: clientIp(c) })
function present(r: ImportRow) {
  return {
    id: r.id,
    kind: r.kind,
    fileName: r.fileName,
    status: r.status,
    counts: r.counts,
    errors: r.errors.slice(0, SHOWN_ERRORS),
    errorsTotal: r.errors.length,
    conflicts: r.conflicts ?? [],
    unmatched: r.unmatched ?? [],
    createdAt: r.createdAt.toISOString(),
    committedAt: r.committedAt?.toISOString() ?? null,
  }
}

/** An import inside the caller's jurisdiction (made by their unit or one below); anything else is 404. */
async function loadImport(c: Ctx, id: string, unitPath: string) {
  const [found] = await c.get('deps').db.select({ row: importColumns, path: units.path }).from(imports).innerJoin(units, eq(units.id, imports.unitId)).where(eq(imports.id, id))
  if (!found || !found.path.startsWith(unitPath))
    throw notFound('IMPORT_NOT_FOUND', '没有找到这次导入，或不在您的管辖范围内')
  return found.row
}

export const importRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/imports/template.xlsx',
    tags: ['imports'],
    summary: '学籍导入模板（附件1 项目名称作表头，代码项带下拉列表）',
    responses: { 200: { description: 'xlsx', content: { [XLSX]: { schema: z.any() } } }, ...commonErrors },
  }), async (c) => {
    requireOfficer(c)
    return download(await templateWorkbook(), '学籍导入模板.xlsx') as never
  })
  .openapi(createRoute({
    method: 'get',
    path: '/imports/mappings/{kind}',
    tags: ['imports'],
    summary: '本单位保存的表头对应关系：文件中的列名 → 学籍项目，以后上传时自动使用',
    request: { params: kindParam },
    responses: { 200: jsonOk(mappingView, '表头对应关系'), ...commonErrors },
  }), async (c) => {
    const me = requireOfficer(c)
    return c.json(await loadMappingView(c.get('deps').db, me.unitId, c.req.valid('param').kind), 200)
  })
  .openapi(createRoute({
    method: 'put',
    path: '/imports/mappings/{kind}',
    tags: ['imports'],
    summary: '为本单位保存表头对应关系（column 为 null 时删除该列的对应；ignore 表示该列不导入）',
    request: { params: kindParam, body: { content: { 'application/json': { schema: z.object({ columns: z.array(z.object({ header: z.string().trim().min(1).max(60), column: z.string().max(60).nullable() })).max(200) }) } }, required: true } },
    responses: { 200: jsonOk(mappingView, '已保存'), ...commonErrors },
  }), async (c) => {
    const me = requireOfficer(c)
    const { kind } = c.req.valid('param')
    const { columns } = c.req.valid('json')
    const fields = new Set([...mappableFields(kind).map(f => f.key), IGNORE])
    const wrong = columns.find(e => e.column !== null && !fields.has(e.column))
    if (wrong)
      throw new AppError(400, 'MAPPING_FIELD_UNKNOWN', `「${wrong.header}」对应的项目不存在，请从列表中选择`)
    const { db, now } = c.get('deps')
    await saveMapping(db, me, kind, columns, now())
    await audit(db, actorOf(me), { action: 'import.mapping.save', detail: { kind, columns: columns.length }, clientIp: clientIp(c) })
    return c.json(await loadMappingView(db, me.unitId, kind), 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/imports',
    tags: ['imports'],
    summary: '上传学籍、学籍异动或学校的导出文件（.xlsx / .csv）并试导入：只检查、不写入',
    request: { body: { content: { 'multipart/form-data': { schema: z.object({ file: z.any(), kind: z.enum(['records', 'schools', 'events']) }) } }, required: true } },
    responses: { 201: jsonOk(z.object({ id: z.string() }), '已检查，尚未写入'), ...commonErrors },
  }), async (c) => {
    const me = requireOfficer(c)
    const { db, now } = c.get('deps')
    const body = await c.req.parseBody()
    if (!(body.file instanceof File))
      throw new AppError(400, 'FILE_MISSING', '请选择要上传的文件')
    const kind = body.kind
    if (kind !== 'records' && kind !== 'schools' && kind !== 'events')
      throw new AppError(400, 'IMPORT_KIND', '请选择导入的类型（学籍、学籍异动或学校）')
    if (body.file.size > MAX_IMPORT_BYTES)
      throw new AppError(413, 'FILE_TOO_LARGE', '文件不能超过 40 MB，请分成几个文件上传')
    const row = await checkImport(db, importActor(c, me), { name: body.file.name, bytes: new Uint8Array(await body.file.arrayBuffer()), kind }, now())
    const id = row.id
    return c.json({ id }, 201)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/imports/{id}',
    tags: ['imports'],
    summary: '一次导入的结果：新增、变更、未变、拒绝的行数，以及每一条拒绝的原因',
    request: { params: idParam },
    responses: { 200: jsonOk(importView, '导入'), ...commonErrors },
  }), async (c) => {
    const me = requireOfficer(c)
    return c.json(present(await loadImport(c, c.req.valid('param').id, me.unitPath)), 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/imports/{id}/commit',
    tags: ['imports'],
    summary: '确认导入：按学籍号逐批写入；未变的行不写，变更保留原值，正在更正或异议的项不覆盖',
    request: { params: idParam },
    responses: { 200: jsonOk(importView, '已写入'), ...commonErrors },
  }), async (c) => {
    const me = requireOfficer(c)
    const { db, now } = c.get('deps')
    const found = await loadImport(c, c.req.valid('param').id, me.unitPath)
    return c.json(present(await commitImport(db, importActor(c, me), found, now())), 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/imports/{id}/errors.xlsx',
    tags: ['imports'],
    summary: '未导入的行（原样，加一列原因），改正后可重新上传',
    request: { params: idParam },
    responses: { 200: { description: 'xlsx', content: { [XLSX]: { schema: z.any() } } }, ...commonErrors },
  }), async (c) => {
    const me = requireOfficer(c)
    const found = await loadImport(c, c.req.valid('param').id, me.unitPath)
    const [{ file }] = await c.get('deps').db.select({ file: imports.file }).from(imports).where(eq(imports.id, found.id)) as [{ file: { base64: string } }]
    const body = await refusedRowsWorkbook(new Uint8Array(Buffer.from(file.base64, 'base64')), found.errors, found.kind, found.mapping ?? {})
    await audit(c.get('deps').db, actorOf(me), { action: 'import.errors.download', object: { type: 'import', id: found.id }, detail: { rows: found.counts.refused }, clientIp: clientIp(c) })
    return download(body, `未导入的行-${found.fileName.replace(/\.\w+$/, '')}.xlsx`) as never
  })
