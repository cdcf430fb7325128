import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { eq } from 'drizzle-orm'
import { certificateChannel } from '#shared/certificates/channel.ts'
import { signedFieldsInCorrection } from '#shared/certificates/printedFields.ts'
import { certificateDeclaration } from '#shared/certificates/statement.ts'
import { levelOfSchool } from '#shared/corrections/policy.ts'
import { certificateApplySchema } from '#shared/schemas/certificates.ts'
import { requireCitizen, requireSignedIn } from '../../auth/session.ts'
import { certificateRequests, certificates, diplomaRegistrations, schools, studentRecords, units } from '../../db/schema/index.ts'
import { clientIp } from '../../http/context.ts'
import { notFound } from '../../http/errors.ts'
import { commonErrors, jsonBody, jsonOk, pdfFileName } from '../../http/openapi.ts'
import { renderCertificatePdf } from '../../printing/certificate.ts'
import { fieldsInCorrection } from '../corrections/inProgress.ts'
import { certificateNotFound, certificateRole, loadCertificate, loadRequest, publicOrigin, requestNotFound } from './access.ts'
import { certificateDocument } from './document.ts'
import { verificationLog } from './queries.ts'
import { applyForCertificate } from './requests.ts'
import { certificateViews, certificateViewSchema, requestViews, requestViewSchema } from './views.ts'

const recordParam = z.object({ id: z.uuid('学籍编号无效') })
export const requestParam = z.object({ id: z.uuid('申请编号无效') })
const isOpen = (r: { status: string }) => r.status === 'pending' || r.status === 'reviewed'
const recordNotFound = () => notFound('RECORD_NOT_FOUND', '没有找到这份学籍，或不在您的管辖范围内')

const recordCertificates = z.object({
  diploma: z.object({ number: z.string(), level: z.string(), major: z.string().nullable(), conclusion: z.string(), schoolName: z.string(), issuedOn: z.string() }).nullable(),
  canApply: z.boolean(),
  /** why the student cannot apply here now, if they cannot; PROVINCIAL_PORTAL: a vocational graduate applies on 河南政务服务网 (003:19) */
  applyBlockedBy: z.enum(['NO_DIPLOMA_REGISTRATION', 'REQUEST_OPEN', 'NOT_HOLDER', 'PROVINCIAL_PORTAL']).nullable(),
  /** the fields a certificate fixes at issue that a correction is working on: one issued now prints them as registered (shared/certificates/printedFields.ts) */
  correcting: z.array(z.string()),
  /** who issues this graduate's certificate: the school through this app, or the provincial portal (003:19) */
  channel: z.enum(['school', 'provincialPortal']),
  /** the statements the student signs, by kind of loss */
  declarations: z.object({ lost: z.string(), damaged: z.string() }),
  requests: z.array(requestViewSchema),
  certificates: z.array(certificateViewSchema),
})
const verifications = z.object({ verifications: z.array(z.object({ at: z.string(), nameMatched: z.boolean(), number: z.string() })) })

export const holderRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/records/{id}/certificates',
    tags: ['certificates'],
    summary: '学历证明书：本人的申请、已出具的证明书及其状态（毕业证书遗失不补发，以学历证明书代替，003:19）',
    request: { params: recordParam },
    responses: { 200: jsonOk(recordCertificates, '申请与证明书，新的在前'), ...commonErrors },
  }), async (c) => {
    const { id } = c.req.valid('param')
    const me = requireSignedIn(c)
    const { db, now } = c.get('deps')
    const [row] = await db.select({ schoolUnitId: studentRecords.schoolUnitId, diploma: diplomaRegistrations, schoolName: units.name, level: schools.level }).from(studentRecords).innerJoin(schools, eq(schools.unitId, studentRecords.schoolUnitId)).leftJoin(diplomaRegistrations, eq(diplomaRegistrations.recordId, studentRecords.id)).leftJoin(units, eq(units.id, diplomaRegistrations.schoolUnitId)).where(eq(studentRecords.id, id))
    if (!row)
      throw recordNotFound()
    const role = await certificateRole(db, me, id, row.diploma?.schoolUnitId ?? row.schoolUnitId, recordNotFound)
    const [requests, issued, inCorrection] = await Promise.all([
      requestViews(db, eq(certificateRequests.recordId, id), () => role, now()),
      certificateViews(db, eq(certificates.recordId, id), publicOrigin(c)),
      fieldsInCorrection(db, id),
    ])
    const d = row.diploma
    const channel = certificateChannel(levelOfSchool(row.level))
    const blockedBy = role.as !== 'holder'
      ? 'NOT_HOLDER' as const
      : !d
          ? 'NO_DIPLOMA_REGISTRATION' as const
          : channel === 'provincialPortal'
            ? 'PROVINCIAL_PORTAL' as const
            : requests.some(isOpen) ? 'REQUEST_OPEN' as const : null
    return c.json({
      diploma: d ? { number: d.diplomaNo, level: d.educationLevel, major: d.major, conclusion: d.conclusion, schoolName: row.schoolName ?? '', issuedOn: d.issuedOn } : null,
      canApply: blockedBy === null,
      applyBlockedBy: blockedBy,
      correcting: signedFieldsInCorrection(inCorrection),
      channel,
      declarations: { lost: certificateDeclaration('lost'), damaged: certificateDeclaration('damaged') },
      requests,
      certificates: issued,
    }, 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/records/{id}/certificate-requests',
    tags: ['certificates'],
    summary: '申请学历证明书（毕业证书遗失或损毁；学生本人、书面声明并签名；同一 requestId 重复提交只生成一份申请）。毕业证书不予补办，学校出具学历证明书（002:19、003:19）',
    request: { params: recordParam, ...jsonBody(certificateApplySchema) },
    responses: { 200: jsonOk(requestViewSchema, '已存在的同一申请'), 201: jsonOk(requestViewSchema, '已提交'), ...commonErrors },
  }), async (c) => {
    const { id } = c.req.valid('param')
    const me = requireCitizen(c)
    const { id: requestId, created } = await applyForCertificate(c.get('deps'), me, id, c.req.valid('json'), clientIp(c))
    const [view] = await requestViews(c.get('deps').db, eq(certificateRequests.id, requestId), () => ({ as: 'holder', accountId: me.accountId }), c.get('deps').now())
    return created ? c.json(view!, 201) : c.json(view!, 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/certificate-requests/{id}',
    tags: ['certificates'],
    summary: '一份学历证明书申请：进度、审核人与出具人、剩余工作日',
    request: { params: requestParam },
    responses: { 200: jsonOk(requestViewSchema.extend({ correcting: z.array(z.string()).openapi({ description: '申请未办结时，正在更正的、证明书所印的信息' }) }), '申请'), ...commonErrors },
  }), async (c) => {
    const { id } = c.req.valid('param')
    const { db, now } = c.get('deps')
    const { request, schoolUnitId } = await loadRequest(db, id)
    const role = await certificateRole(db, requireSignedIn(c), request.recordId, schoolUnitId, requestNotFound)
    const [[view], inCorrection] = await Promise.all([
      requestViews(db, eq(certificateRequests.id, id), () => role, now()),
      fieldsInCorrection(db, request.recordId),
    ])
    return c.json({ ...view!, correcting: isOpen(view!) ? signedFieldsInCorrection(inCorrection) : [] }, 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/certificates/{file}',
    tags: ['certificates'],
    summary: '学历证明书 PDF（A4，嵌入中文字体子集，带核验二维码）：/api/certificates/{id}.pdf',
    request: { params: z.object({ file: pdfFileName }) },
    responses: { 200: { content: { 'application/pdf': { schema: z.any() } }, description: 'PDF' }, ...commonErrors },
  }), async (c) => {
    const id = c.req.valid('param').file.slice(0, -4)
    const { db } = c.get('deps')
    const me = requireSignedIn(c)
    const cert = await loadCertificate(db, id)
    await certificateRole(db, me, cert.recordId, cert.schoolUnitId, certificateNotFound)
    const pdf = await renderCertificatePdf(await certificateDocument(db, cert, publicOrigin(c)))
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${cert.number}.pdf"`,
      'cache-control': 'private, no-store',
    })
  })
  .openapi(createRoute({
    method: 'get',
    path: '/certificates/{id}/verifications',
    tags: ['certificates'],
    summary: '我的学历证明书何时被他人核验过（含姓名不符的查询；不显示查询方地址）',
    request: { params: z.object({ id: z.uuid('证明书编号无效') }) },
    responses: { 200: jsonOk(verifications, '核验记录，新的在前'), ...commonErrors },
  }), async (c) => {
    const { id } = c.req.valid('param')
    const { db } = c.get('deps')
    const cert = await loadCertificate(db, id)
    await certificateRole(db, requireSignedIn(c), cert.recordId, cert.schoolUnitId, certificateNotFound)
    return c.json({ verifications: await verificationLog(db, [id]) }, 200)
  })
