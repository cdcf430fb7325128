import type { TypedResponse } from 'hono'
import type { AppEnv } from '../../http/context.ts'
import type { RecordView } from './present.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { eq } from 'drizzle-orm'
import { createMiddleware } from 'hono/factory'
import { maskIdNumber } from '#shared/idNumber.ts'
import { shownFieldValue } from '#shared/recordFields.ts'
import { disputeSchema } from '#shared/schemas/records.ts'
import { requireCitizen, requireOfficer, requireSignedIn, sessionParams, signInAs } from '../../auth/session.ts'
import { isUuid } from '../../db/keyset.ts'
import { auditEvents, disputes, studentRecords } from '../../db/schema/index.ts'
import { clientIp } from '../../http/context.ts'
import { AppError, forbidden, notFound } from '../../http/errors.ts'
import { commonErrors, jsonBody, jsonOk } from '../../http/openapi.ts'
import { recordNotFound, viewerOf } from './access.ts'
import { loadRecord } from './page.ts'
import { answerFor, presentRecord, recordViewSchema } from './present.ts'
import { recordViews, searchRecords } from './queries.ts'
import { sessionWithRecord } from './storedPage.ts'

const recordParam = z.object({ id: z.uuid('学籍编号无效') })
// design: revealing a full ID number needs a sign-in code from the last 10 minutes.
const REVEAL_WINDOW_MS = 10 * 60_000

const disputeView = recordViewSchema.shape.disputes.element.omit({ correctionId: true })
const views = z.object({ views: z.array(z.object({ id: z.string(), at: z.string(), action: z.string(), officerName: z.string().nullable(), unitName: z.string().nullable() })), next: z.string().nullable() })
const revealed = z.object({ idNumbers: z.array(z.object({ whose: z.enum(['student', 'guardian']), idNumber: z.string() })) })
const found = z.object({ records: z.array(z.object({ id: z.string(), name: z.string(), registryNo: z.string(), idNumber: z.string().nullable(), schoolName: z.string(), grade: z.string().nullable() })) })

/**
 * GET /api/records/{id}: the session check and the record page in one statement, ahead of the
 * general session check, which then finds the session already read (issue 14: the hottest read).
 * Everything after it (the access table, the handler's checks) sees what it would have seen.
 */
export const recordPageWithSession = createMiddleware<AppEnv>(async (c, next) => {
  const id = c.req.param('id')
  const session = sessionParams(c)
  if (session && id && isUuid(id)) { // anything else: the general check, then the route's 400
    const { signedIn, page } = await sessionWithRecord(c.get('deps'), id, session)
    await signInAs(c, signedIn)
    c.set('recordPage', page)
  }
  await next()
})

export const recordRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/records/{id}',
    tags: ['records'],
    summary: '查看学籍（以登记为准；证件号已遮蔽）。工作人员的每次查看都记入审计日志',
    request: { params: recordParam },
    responses: { 200: jsonOk(recordViewSchema, '学籍'), ...commonErrors },
  }), async (c) => {
    const { id } = c.req.valid('param')
    const { db } = c.get('deps')
    const reader = requireSignedIn(c)
    const found = c.get('recordPage')
    if (found === undefined) // a signed-in request with a valid id always gets it (app.ts mounts it)
      throw new Error('recordPageWithSession did not run before GET /records/{id}')
    if (!found)
      throw recordNotFound()
    if (reader.kind === 'officer')
      await db.insert(auditEvents).values({ actorId: reader.accountId, actorUnitId: reader.unitId, action: 'record.view', recordId: id, clientIp: clientIp(c) })
    // The stored page is the answer's JSON already: sent as it is, typed as what it is.
    return c.body(answerFor(found.page, found.relation), 200, { 'content-type': 'application/json' }) as unknown as TypedResponse<RecordView, 200, 'json'>
  })
  .openapi(createRoute({
    method: 'post',
    path: '/records/{id}/reveal',
    tags: ['records'],
    summary: '本人查看完整证件号（须在 10 分钟内用短信验证码验证过）',
    request: { params: recordParam },
    responses: { 200: jsonOk(revealed, '完整证件号'), ...commonErrors },
  }), async (c) => {
    const { id } = c.req.valid('param')
    const me = requireCitizen(c)
    const { db, now } = c.get('deps')
    const viewer = await viewerOf(db, me, id)
    if (viewer.as === 'officer' || now().getTime() - me.verifiedAt.getTime() > REVEAL_WINDOW_MS)
      throw forbidden('REVERIFY_REQUIRED', '为保护您的信息，请先用短信验证码再次验证')
    // design: show back only the numbers this account proved when binding.
    const [record] = await db.select({ idNumber: studentRecords.idNumber }).from(studentRecords).where(eq(studentRecords.id, id))
    const idNumbers = viewer.as === 'self'
      ? [{ whose: 'student' as const, idNumber: viewer.holderIdNumber }]
      : [{ whose: 'guardian' as const, idNumber: viewer.holderIdNumber }, ...(record?.idNumber ? [{ whose: 'student' as const, idNumber: record.idNumber }] : [])]
    await db.insert(auditEvents).values({ actorId: me.accountId, action: 'record.reveal.self', recordId: id, clientIp: clientIp(c), detail: { shown: idNumbers.map(n => maskIdNumber(n.idNumber)) } })
    return c.json({ idNumbers }, 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/records/{id}/disputes',
    tags: ['records'],
    summary: '标记某项信息有误（同一 requestId 重复提交只保存一次）',
    request: { params: recordParam, ...jsonBody(disputeSchema) },
    responses: { 200: jsonOk(disputeView, '已存在的同一异议'), 201: jsonOk(disputeView, '已保存'), ...commonErrors },
  }), async (c) => {
    const { id } = c.req.valid('param')
    const input = c.req.valid('json')
    const me = requireCitizen(c)
    const { db } = c.get('deps')
    await viewerOf(db, me, id)
    const loaded = await loadRecord(db, id)
    if (!loaded)
      throw notFound('RECORD_NOT_FOUND', '没有找到这份学籍')
    const [row] = await db.insert(disputes).values({
      requestId: input.requestId,
      recordId: id,
      accountId: me.accountId,
      field: input.field,
      shownValue: shownFieldValue(presentRecord(loaded, 'self'), input.field),
      explanation: input.explanation,
    }).onConflictDoNothing({ target: disputes.requestId }).returning()
    const saved = row ?? (await db.select().from(disputes).where(eq(disputes.requestId, input.requestId)))[0]
    if (!saved || saved.recordId !== id || saved.accountId !== me.accountId)
      throw new AppError(409, 'REQUEST_ID_REUSED', '请求编号已被使用，请刷新页面后重试')
    const body = { ...saved, createdAt: saved.createdAt.toISOString() }
    const { requestId: _r, recordId: _rec, accountId: _a, ...dispute } = body
    return row ? c.json(dispute, 201) : c.json(dispute, 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/records/{id}/views',
    tags: ['records'],
    summary: '谁查看了我的学籍（新的在前，每页 50 条；before 为上一页返回的 next）',
    request: { params: recordParam, query: z.object({ before: z.string().max(200).optional() }) },
    responses: { 200: jsonOk(views, '查看记录，新的在前'), ...commonErrors },
  }), async (c) => {
    const { id } = c.req.valid('param')
    const me = requireCitizen(c)
    await viewerOf(c.get('deps').db, me, id)
    return c.json(await recordViews(c.get('deps').db, id, c.req.valid('query').before), 200)
  })
  // design: a POST, so what is searched for (a name, a 学籍号, an ID number) is in the body, never in a
  // URL, where proxies' access logs and browsers' histories would keep it (002:25).
  .openapi(createRoute({
    method: 'post',
    path: '/officer/records/search',
    tags: ['officer'],
    summary: '在本单位管辖范围内按学籍号、身份证件号或姓名查找学籍（查找内容在请求正文中，不进网址）',
    request: jsonBody(z.object({ q: z.string().trim().min(1, '请输入姓名或学籍号').max(40) })),
    responses: { 200: jsonOk(found, '最多 20 条'), ...commonErrors },
  }), async (c) => {
    const officer = requireOfficer(c)
    const rows = await searchRecords(c.get('deps'), officer.unitPath, c.req.valid('json').q)
    return c.json({ records: rows }, 200)
  })
