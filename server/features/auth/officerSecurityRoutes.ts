import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { passwordChangeSchema, totpConfirmSchema } from '#shared/schemas/auth.ts'
import { officePhoneChangeSchema } from '#shared/schemas/people.ts'
import { requireOfficer, requireOfficerAccount } from '../../auth/session.ts'
import { clientIp } from '../../http/context.ts'
import { commonErrors, jsonBody, jsonOk } from '../../http/openapi.ts'
import { changeOwnOfficePhone } from '../people/service.ts'
import { canSetUnitSecurity, changePassword, confirmTotpEnrolment, setUnitTotpRequirement, startTotpEnrolment, totpStatus } from './officerSecurity.ts'

const security = z.object({
  totpEnabled: z.boolean(),
  /** Required by the officer's unit or a unit above it. */
  totpRequired: z.boolean(),
  unit: z.object({ requiresTotp: z.boolean(), canChange: z.boolean() }),
  /** The officer's desk line, printed on 核查单 / 督办单. */
  officePhone: z.string().nullable(),
})
const enrolment = z.object({ secret: z.string(), uri: z.string(), qrDataUrl: z.string() })
const done = z.object({ ok: z.literal(true) })

// Officers whose unit requires a second factor they lack may still reach these (requireOfficerAccount).
export const officerSecurityRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/officer/security',
    tags: ['auth'],
    summary: '账号安全：动态验证码与单位要求',
    responses: { 200: jsonOk(security, '账号安全设置'), ...commonErrors },
  }), async (c) => {
    const me = requireOfficerAccount(c)
    const status = await totpStatus(c.get('deps').db, me.accountId)
    const [row] = await c.get('deps').db.query.accounts.findMany({ where: (a, { eq }) => eq(a.id, me.accountId), columns: { officePhone: true } })
    return c.json({
      totpEnabled: status.enabled,
      totpRequired: status.required,
      unit: { requiresTotp: status.unitRequires, canChange: canSetUnitSecurity(me.role) },
      officePhone: row?.officePhone ?? null,
    }, 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/officer/security/totp',
    tags: ['auth'],
    summary: '开始设置动态验证码：生成密钥与二维码',
    responses: { 200: jsonOk(enrolment, '扫码后输入验证码确认'), ...commonErrors },
  }), async (c) => {
    const me = requireOfficerAccount(c)
    const { db } = c.get('deps')
    const [row] = await db.query.accounts.findMany({ where: (a, { eq }) => eq(a.id, me.accountId), columns: { username: true } })
    return c.json(await startTotpEnrolment(c.get('deps'), me.accountId, row?.username ?? ''), 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/officer/security/totp/confirm',
    tags: ['auth'],
    summary: '输入第一个动态验证码，完成设置',
    request: jsonBody(totpConfirmSchema),
    responses: { 200: jsonOk(done, '已开启'), ...commonErrors },
  }), async (c) => {
    const me = requireOfficerAccount(c)
    await confirmTotpEnrolment(c.get('deps'), me.accountId, c.req.valid('json').code)
    return c.json({ ok: true as const }, 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/officer/security/password',
    tags: ['auth'],
    summary: '修改密码（其他设备上的登录随之退出）',
    request: jsonBody(passwordChangeSchema),
    responses: { 200: jsonOk(done, '已修改'), ...commonErrors },
  }), async (c) => {
    const me = requireOfficerAccount(c)
    await changePassword(c.get('deps'), me, c.req.valid('json'))
    return c.json({ ok: true as const }, 200)
  })
  .openapi(createRoute({
    method: 'put',
    path: '/officer/security/unit',
    tags: ['auth'],
    summary: '单位负责人：要求本单位及下级单位工作人员开启动态验证码',
    request: jsonBody(z.object({ requireTotp: z.boolean() })),
    responses: { 200: jsonOk(done, '已保存'), ...commonErrors },
  }), async (c) => {
    const me = requireOfficer(c)
    await setUnitTotpRequirement(c.get('deps'), me, clientIp(c), c.req.valid('json').requireTotp)
    return c.json({ ok: true as const }, 200)
  })
  .openapi(createRoute({
    method: 'put',
    path: '/officer/security/phone',
    tags: ['auth'],
    summary: '修改本人的办公电话（印在核查单、督办单上）',
    request: jsonBody(officePhoneChangeSchema),
    responses: { 200: jsonOk(done, '已保存'), ...commonErrors },
  }), async (c) => {
    const me = requireOfficer(c)
    await changeOwnOfficePhone(c.get('deps'), me, clientIp(c), c.req.valid('json').officePhone)
    return c.json({ ok: true as const }, 200)
  })
