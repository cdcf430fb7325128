import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { and, eq, inArray, isNull } from 'drizzle-orm'
import { actorOf, audit } from '../../audit/entry.ts'
import { requireSignedIn } from '../../auth/session.ts'
import { accounts, caseSheets, complaintAttachments, corrections, units } from '../../db/schema/index.ts'
import { clientIp } from '../../http/context.ts'
import { AppError } from '../../http/errors.ts'
import { commonErrors, jsonOk, pdfFileName } from '../../http/openapi.ts'
import { renderCaseSheetPdf } from '../../printing/caseSheet.ts'
import { viewerOf } from '../records/access.ts'
import { caseRoles, loadComplaint } from './access.ts'
import { isCaseWorker } from './intake.ts'
import { searchSchools } from './queries.ts'
import { authorize, caseParam } from './routeKit.ts'
import { maskedSheetDocument, sheetDocument, sheetDocumentSchema } from './sheetDocument.ts'
import { storeUpload } from './uploads.ts'

const uploaded = z.object({ id: z.string(), mime: z.string(), size: z.number() })
const handlerOptions = z.object({ units: z.array(z.object({ id: z.string(), name: z.string(), people: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })) })) })

export const supportRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/schools',
    tags: ['complaints'],
    summary: '按名称查找中小学（可限定行政区划）',
    request: { query: z.object({ q: z.string().trim().min(1, '请输入学校名称中的字').max(40), region: z.string().regex(/^\d{6}$/, '行政区划代码是 6 位数字').optional() }) },
    responses: { 200: jsonOk(z.object({ schools: z.array(z.object({ id: z.string(), name: z.string(), regionCode: z.string(), level: z.string() })) }), '最多 20 所'), ...commonErrors },
  }), async (c) => {
    requireSignedIn(c)
    const { q, region } = c.req.valid('query')
    return c.json({ schools: await searchSchools(c.get('deps').db, q, region) }, 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/uploads',
    tags: ['complaints'],
    summary: '上传一张照片或 PDF（≤10 MB，按内容识别类型）',
    request: { body: { content: { 'multipart/form-data': { schema: z.object({ file: z.any() }) } }, required: true } },
    responses: { 201: jsonOk(uploaded, '已上传'), ...commonErrors },
  }), async (c) => {
    const me = requireSignedIn(c)
    const body = await c.req.parseBody()
    if (!(body.file instanceof File))
      throw new AppError(400, 'FILE_MISSING', '请选择要上传的文件')
    return c.json(await storeUpload(c.get('deps'), me.accountId, body.file), 201)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/attachments/{id}',
    tags: ['complaints'],
    summary: '投诉附件（投诉人本人及办理单位可看）',
    request: { params: z.object({ id: z.uuid('附件编号无效') }) },
    responses: { 200: { description: '文件内容' }, ...commonErrors },
  }), async (c) => {
    const me = requireSignedIn(c)
    const [file] = await c.get('deps').db.select().from(complaintAttachments).where(eq(complaintAttachments.id, c.req.valid('param').id))
    if (!file || (file.complaintId || file.correctionId ? false : file.uploadedBy !== me.accountId))
      throw new AppError(404, 'ATTACHMENT_NOT_FOUND', '没有找到这个附件')
    let recordId: string | null = null
    if (file.complaintId) {
      const complaint = await loadComplaint(c.get('deps').db, file.complaintId)
      await caseRoles(c.get('deps').db, me, complaint)
      recordId = complaint.recordId
    }
    else if (file.correctionId) { // a correction's proofs: whoever may open the record (the reviewers too)
      const [correction] = await c.get('deps').db.select({ recordId: corrections.recordId }).from(corrections).where(eq(corrections.id, file.correctionId))
      await viewerOf(c.get('deps').db, me, correction!.recordId)
      recordId = correction!.recordId
    }
    if (me.kind === 'officer')
      await audit(c.get('deps').db, actorOf(me), { action: 'attachment.download', recordId, object: { type: 'attachment', id: file.id }, clientIp: clientIp(c) })
    return c.body(file.data as Uint8Array<ArrayBuffer>, 200, { 'content-type': file.mime, 'cache-control': 'private, no-store', 'content-disposition': 'inline' })
  })
  .openapi(createRoute({
    method: 'get',
    path: '/sheets/{file}',
    tags: ['complaints'],
    summary: '核查单 / 督办单 PDF（A4，嵌入中文字体子集）：/api/sheets/{id}.pdf',
    request: { params: z.object({ file: pdfFileName }) },
    responses: { 200: { content: { 'application/pdf': { schema: z.any() } }, description: 'PDF' }, ...commonErrors },
  }), async (c) => {
    const me = requireSignedIn(c)
    const id = c.req.valid('param').file.slice(0, -4)
    const { db } = c.get('deps')
    const [sheet] = await db.select().from(caseSheets).where(eq(caseSheets.id, id))
    if (!sheet)
      throw new AppError(404, 'SHEET_NOT_FOUND', '没有找到这张单据')
    const complaint = await loadComplaint(db, sheet.complaintId)
    await caseRoles(db, me, complaint)
    const pdf = await renderCaseSheetPdf(await sheetDocument(db, complaint, sheet))
    if (me.kind === 'officer')
      await audit(db, actorOf(me), { action: 'sheet.download', recordId: complaint.recordId, object: { type: 'sheet', id: sheet.id }, detail: { number: sheet.number }, clientIp: clientIp(c) })
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${sheet.number}.pdf"`,
      'cache-control': 'private, no-store',
    })
  })
  .openapi(createRoute({
    method: 'get',
    path: '/sheets/{id}/document',
    tags: ['complaints'],
    summary: '核查单 / 督办单的内容，与 PDF 同一来源（网页打印视图用；证件号、投诉人电话遮蔽显示）',
    request: { params: z.object({ id: z.uuid('单据编号无效') }) },
    responses: { 200: jsonOk(sheetDocumentSchema, '单据内容'), ...commonErrors },
  }), async (c) => {
    const me = requireSignedIn(c)
    const { db } = c.get('deps')
    const [sheet] = await db.select().from(caseSheets).where(eq(caseSheets.id, c.req.valid('param').id))
    if (!sheet)
      throw new AppError(404, 'SHEET_NOT_FOUND', '没有找到这张单据')
    const complaint = await loadComplaint(db, sheet.complaintId)
    await caseRoles(db, me, complaint)
    return c.json(maskedSheetDocument(await sheetDocument(db, complaint, sheet)), 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/complaints/{id}/handler-options',
    tags: ['complaints'],
    summary: '可选的承办单位和承办人：本单位及被投诉学校',
    request: { params: caseParam },
    responses: { 200: jsonOk(handlerOptions, '承办单位与人员'), ...commonErrors },
  }), async (c) => {
    const { id } = c.req.valid('param')
    await authorize(c, id, r => r.intake)
    const complaint = await loadComplaint(c.get('deps').db, id)
    const unitIds = [complaint.routedUnitId, complaint.schoolUnitId]
    const [unitRows, people] = await Promise.all([
      c.get('deps').db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds)),
      c.get('deps').db.select({ id: accounts.id, name: accounts.displayName, role: accounts.role, unitId: accounts.unitId }).from(accounts).where(and(inArray(accounts.unitId, unitIds), eq(accounts.kind, 'officer'), isNull(accounts.disabledAt), isCaseWorker)), // a disabled account takes no new cases, an administrator none
    ])
    return c.json({
      units: unitIds.map(uid => ({
        id: uid,
        name: unitRows.find(u => u.id === uid)?.name ?? uid,
        people: people.filter(p => p.unitId === uid).map(p => ({ id: p.id, name: p.name ?? '', role: p.role ?? '' })),
      })),
    }, 200)
  })
