import type { AppEnv, Ctx } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { eq } from 'drizzle-orm'
import { correctionDecisionSchema, correctionInputSchema, officialEntrySchema } from '#shared/schemas/corrections.ts'
import { requireCitizen, requireOfficer, requireSignedIn } from '../../auth/session.ts'
import { corrections } from '../../db/schema/index.ts'
import { notFound } from '../../http/errors.ts'
import { commonErrors, jsonBody, jsonOk } from '../../http/openapi.ts'
import { viewerOf } from '../records/access.ts'
import { recordOfficialEntry } from './entry.ts'
import { correctionQueue, queueQuery } from './queue.ts'
import { decideCorrection, fileCorrection } from './service.ts'
import { correctionsOfRecord, correctionView, correctionViewSchema } from './view.ts'
import { mayWithdraw, withdrawCorrection } from './withdraw.ts'

const idParam = z.object({ id: z.uuid('申请编号无效') })

const oneCorrection = correctionViewSchema.extend({ canWithdraw: z.boolean().openapi({ description: '本人提出、尚在办理中：可以撤回' }) })
async function viewFor(c: Ctx, row: typeof corrections.$inferSelect) {
  return { ...await correctionView(c.get('deps').db, row, c.get('deps').now()), canWithdraw: mayWithdraw(row, requireSignedIn(c)) }
}

async function loadFor(c: Ctx, id: string) {
  const [row] = await c.get('deps').db.select().from(corrections).where(eq(corrections.id, id))
  if (!row)
    throw notFound('CORRECTION_NOT_FOUND', '没有找到这份更正申请')
  await viewerOf(c.get('deps').db, requireSignedIn(c), row.recordId) // same 404 for anyone outside
  return row
}

export const correctionRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'post',
    path: '/corrections',
    tags: ['corrections'],
    summary: '申请更正学籍信息（附证明材料；同一 requestId 只生成一份）',
    request: jsonBody(correctionInputSchema),
    responses: { 200: jsonOk(correctionViewSchema, '已存在的同一申请'), 201: jsonOk(correctionViewSchema, '已提交'), ...commonErrors },
  }), async (c) => {
    const { id, created } = await fileCorrection(c.get('deps'), requireCitizen(c), c.req.valid('json'))
    const view = await correctionView(c.get('deps').db, await loadFor(c, id), c.get('deps').now())
    return created ? c.json(view, 201) : c.json(view, 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/corrections/{id}',
    tags: ['corrections'],
    summary: '更正申请的进度',
    request: { params: idParam },
    responses: { 200: jsonOk(oneCorrection, '申请'), ...commonErrors },
  }), async (c) => {
    return c.json(await viewFor(c, await loadFor(c, c.req.valid('param').id)), 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/records/{id}/corrections',
    tags: ['corrections'],
    summary: '一份学籍的全部更正申请',
    request: { params: idParam },
    responses: { 200: jsonOk(z.object({ corrections: z.array(correctionViewSchema) }), '新的在前'), ...commonErrors },
  }), async (c) => {
    const { id } = c.req.valid('param')
    await viewerOf(c.get('deps').db, requireSignedIn(c), id)
    return c.json({ corrections: await correctionsOfRecord(c.get('deps').db, id, c.get('deps').now()) }, 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/officer/corrections',
    tags: ['corrections'],
    summary: '等待本人所在岗位办理的更正申请，按期限排序；以及已批准、待登记官方系统录入情况的申请（各 20 件一页）',
    request: { query: queueQuery },
    responses: {
      200: jsonOk(z.object({ corrections: z.array(correctionViewSchema), next: z.string().nullable(), awaitingEntry: z.array(correctionViewSchema), awaitingEntryNext: z.string().nullable() }), '待办；next / awaitingEntryNext 为下一页的 after / entryAfter'),
      ...commonErrors,
    },
  }), async (c) => {
    return c.json(await correctionQueue(c.get('deps').db, requireOfficer(c), c.req.valid('query'), c.get('deps').now()), 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/corrections/{id}/decision',
    tags: ['corrections'],
    summary: '审核 / 审批：同意、不同意或不予受理（同一人不能办理同一申请的两个环节）',
    request: { params: idParam, ...jsonBody(correctionDecisionSchema) },
    responses: { 200: jsonOk(correctionViewSchema, '办理后的申请'), ...commonErrors },
  }), async (c) => {
    const { id } = c.req.valid('param')
    const me = requireOfficer(c)
    await loadFor(c, id)
    await decideCorrection(c.get('deps'), me, id, c.req.valid('json'))
    return c.json(await correctionView(c.get('deps').db, await loadFor(c, id), c.get('deps').now()), 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/corrections/{id}/withdraw',
    tags: ['corrections'],
    summary: '申请人撤回尚在办理中的更正申请（批准后不能撤回）',
    request: { params: idParam },
    responses: { 200: jsonOk(oneCorrection, '已撤回的申请'), ...commonErrors },
  }), async (c) => {
    const { id } = c.req.valid('param')
    await withdrawCorrection(c.get('deps'), requireCitizen(c), await loadFor(c, id))
    return c.json(await viewFor(c, await loadFor(c, id)), 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/corrections/{id}/official-entry',
    tags: ['corrections'],
    summary: '登记已在官方学籍系统中录入（日期、操作人、业务编号）；此后学籍显示新的内容。学校学籍管理员或批准单位办理',
    request: { params: idParam, ...jsonBody(officialEntrySchema) },
    responses: { 200: jsonOk(correctionViewSchema, '已登记'), ...commonErrors },
  }), async (c) => {
    const { id } = c.req.valid('param')
    const me = requireOfficer(c)
    await recordOfficialEntry(c.get('deps'), me, await loadFor(c, id), c.req.valid('json'))
    return c.json(await correctionView(c.get('deps').db, await loadFor(c, id), c.get('deps').now()), 200)
  })
