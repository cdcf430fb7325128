import type { AppEnv, Ctx } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { and, eq, inArray, like } from 'drizzle-orm'
import { certificateReasonSchema } from '#shared/schemas/certificates.ts'
import { requireOfficer } from '../../auth/session.ts'
import { afterKey, pageOf } from '../../db/keyset.ts'
import { certificateRequests, certificates, units } from '../../db/schema/index.ts'
import { clientIp } from '../../http/context.ts'
import { commonErrors, jsonBody, jsonOk } from '../../http/openapi.ts'
import { publicOrigin } from './access.ts'
import { requestParam } from './holderRoutes.ts'
import { issueCertificate, revokeCertificate } from './issuing.ts'
import { refuseRequest, reviewRequest } from './requests.ts'
import { certificateViews, certificateViewSchema, requestViews, requestViewSchema } from './views.ts'

const queueQuery = z.object({
  status: z.enum(['open', 'pending', 'reviewed', 'issued', 'refused', 'all']).default('open'),
  after: z.string().max(200).optional(), // the `next` of the page before
})
const QUEUE_PAGE = 20
const STATUSES = { open: ['pending', 'reviewed'], pending: ['pending'], reviewed: ['reviewed'], issued: ['issued'], refused: ['refused'] } as const

/** The request as the officer now sees it. */
async function officerView(c: Ctx, id: string) {
  const me = requireOfficer(c)
  const [view] = await requestViews(c.get('deps').db, eq(certificateRequests.id, id), schoolUnitId => ({
    as: 'officer',
    accountId: me.accountId,
    unitId: me.unitId,
    issuer: me.role === 'registrar' && me.unitId === schoolUnitId,
  }), c.get('deps').now())
  return view!
}

function decision<P extends string>(path: P, summary: string) {
  return createRoute({
    method: 'post',
    path: `/certificate-requests/{id}/${path}` as `/certificate-requests/{id}/${P}`,
    tags: ['certificates'],
    summary,
    request: { params: requestParam },
    responses: { 200: jsonOk(requestViewSchema, '处理后的申请'), ...commonErrors },
  })
}

export const officerRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/officer/certificate-requests',
    tags: ['certificates'],
    summary: '管辖范围内的学历证明书申请，剩余时间少的在前（默认只列办理中的；20 件一页）',
    request: { query: queueQuery },
    responses: { 200: jsonOk(z.object({ requests: z.array(requestViewSchema), next: z.string().nullable() }), '一页申请；next 为下一页的 after'), ...commonErrors },
  }), async (c) => {
    const me = requireOfficer(c)
    const { status, after } = c.req.valid('query')
    const where = and(
      like(units.path, `${me.unitPath}%`),
      status === 'all' ? undefined : inArray(certificateRequests.status, [...STATUSES[status]]),
      afterKey(certificateRequests.dueAt, certificateRequests.id, after),
    )
    const rows = await requestViews(c.get('deps').db, where, schoolUnitId => ({
      as: 'officer',
      accountId: me.accountId,
      unitId: me.unitId,
      issuer: me.role === 'registrar' && me.unitId === schoolUnitId,
    }), c.get('deps').now(), 'due', QUEUE_PAGE + 1)
    const page = pageOf(rows, QUEUE_PAGE, r => [new Date(r.dueAt), r.id])
    return c.json({ requests: page.items, next: page.next }, 200)
  })
  .openapi(decision('review', '审核（双岗第一岗：一位学籍管理员核对申请与学历注册信息）'), async (c) => {
    const { id } = c.req.valid('param')
    await reviewRequest(c.get('deps'), requireOfficer(c), id, clientIp(c))
    return c.json(await officerView(c, id), 200)
  })
  .openapi(decision('issue', '出具学历证明书（双岗第二岗：须由审核人以外的另一位学籍管理员出具，否则 403 SAME_PERSON；同一毕业证书的旧证明书随之失效）。毕业证书本身不补发'), async (c) => {
    const { id } = c.req.valid('param')
    await issueCertificate(c.get('deps'), requireOfficer(c), id, clientIp(c))
    return c.json(await officerView(c, id), 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/certificate-requests/{id}/refuse',
    tags: ['certificates'],
    summary: '不予出具（理由告知学生，学生可重新申请）',
    request: { params: requestParam, ...jsonBody(certificateReasonSchema) },
    responses: { 200: jsonOk(requestViewSchema, '处理后的申请'), ...commonErrors },
  }), async (c) => {
    const { id } = c.req.valid('param')
    await refuseRequest(c.get('deps'), requireOfficer(c), id, c.req.valid('json').reason, clientIp(c))
    return c.json(await officerView(c, id), 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/certificates/{id}/revoke',
    tags: ['certificates'],
    summary: '撤销学历证明书（须写明理由；公开核验随即显示“已撤销”）',
    request: { params: z.object({ id: z.uuid('证明书编号无效') }), ...jsonBody(certificateReasonSchema) },
    responses: { 200: jsonOk(certificateViewSchema, '撤销后的证明书'), ...commonErrors },
  }), async (c) => {
    const { id } = c.req.valid('param')
    await revokeCertificate(c.get('deps'), requireOfficer(c), id, c.req.valid('json').reason, clientIp(c))
    const [view] = await certificateViews(c.get('deps').db, eq(certificates.id, id), publicOrigin(c))
    return c.json(view!, 200)
  })
