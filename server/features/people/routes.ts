import type { AppEnv, Ctx } from '../../http/context.ts'
import type { Admin } from './service.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { officerRoleList } from '#shared/people/roles.ts'
import { accountCreateSchema, roleChangeSchema } from '#shared/schemas/people.ts'
import { requireOfficer } from '../../auth/session.ts'
import { clientIp } from '../../http/context.ts'
import { commonErrors, jsonBody, jsonOk } from '../../http/openapi.ts'
import { changeRole, createAccount, disableAccount, enableAccount, listAccountChanges, listAccounts, listUnits, resetPassword, resetTotp, setUnitSecurity } from './service.ts'

const role = z.enum(officerRoleList)
const account = z.object({
  id: z.string(),
  username: z.string().nullable(),
  displayName: z.string().nullable(),
  role: role.nullable(),
  unitId: z.string(),
  unitName: z.string(),
  unitKind: z.enum(['school', 'county', 'city', 'province']),
  /** 0 = the administrator's own unit, 1 = a unit directly below, … */
  unitDepth: z.number(),
  officePhone: z.string().nullable(),
  self: z.boolean(),
  disabled: z.boolean(),
  disabledAt: z.string().nullable(),
  lastSignInAt: z.string().nullable(),
  totpEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
})
const unit = z.object({ id: z.string(), name: z.string(), kind: z.enum(['school', 'county', 'city', 'province']), depth: z.number(), requiresTotp: z.boolean() })
const change = z.object({
  seq: z.number(),
  at: z.string(),
  action: z.string().openapi({ description: 'account.create | account.role | account.disable | account.enable | account.passwordReset | account.totpReset | account.officePhone | unit.security' }),
  actorName: z.string().nullable(),
  actorUsername: z.string().nullable(),
  targetName: z.string().nullable(),
  targetUsername: z.string().nullable(),
  unitName: z.string().nullable(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  requireTotp: z.boolean().nullable(),
})
const oneTime = z.object({ oneTimePassword: z.string().openapi({ description: '一次性密码，只显示这一次；对方登录后必须修改' }) })
const done = z.object({ ok: z.literal(true) })
const idParam = { params: z.object({ id: z.uuid('账号编号有误') }) }

/** The administrator: an officer with the `admin` role (the access table checks the role first). */
function admin(c: Ctx): Admin {
  const me = requireOfficer(c)
  return { accountId: me.accountId, unitId: me.unitId, unitPath: me.unitPath, role: me.role, ip: clientIp(c) }
}

/** Issue 12, "People": a unit's administrator manages the officer accounts of the unit and the units below it. */
export const peopleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/admin/accounts',
    tags: ['people'],
    summary: '管理员：本单位及下级单位的工作人员账号（角色、状态、最近登录）',
    responses: { 200: jsonOk(z.object({ accounts: z.array(account) }), '账号列表，按单位排列'), ...commonErrors },
  }), async (c) => {
    return c.json({ accounts: await listAccounts(c.get('deps').db, admin(c)) }, 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/admin/accounts',
    tags: ['people'],
    summary: '管理员：为本单位或下级单位新建工作人员账号（返回一次性密码）',
    request: jsonBody(accountCreateSchema),
    responses: { 201: jsonOk(oneTime.extend({ id: z.string() }), '已创建'), ...commonErrors },
  }), async (c) => {
    return c.json(await createAccount(c.get('deps'), admin(c), c.req.valid('json')), 201)
  })
  .openapi(createRoute({
    method: 'put',
    path: '/admin/accounts/{id}/role',
    tags: ['people'],
    summary: '管理员：修改他人账号的角色',
    request: { ...idParam, ...jsonBody(roleChangeSchema) },
    responses: { 200: jsonOk(z.object({ role }), '已修改'), ...commonErrors },
  }), async (c) => {
    return c.json(await changeRole(c.get('deps'), admin(c), c.req.valid('param').id, c.req.valid('json').role), 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/admin/accounts/{id}/disable',
    tags: ['people'],
    summary: '管理员：停用账号（不能登录，已有登录立即失效；账号保留）',
    request: idParam,
    responses: { 200: jsonOk(done, '已停用'), ...commonErrors },
  }), async (c) => {
    await disableAccount(c.get('deps'), admin(c), c.req.valid('param').id)
    return c.json({ ok: true as const }, 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/admin/accounts/{id}/enable',
    tags: ['people'],
    summary: '管理员：重新启用账号',
    request: idParam,
    responses: { 200: jsonOk(done, '已启用'), ...commonErrors },
  }), async (c) => {
    await enableAccount(c.get('deps'), admin(c), c.req.valid('param').id)
    return c.json({ ok: true as const }, 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/admin/accounts/{id}/password-reset',
    tags: ['people'],
    summary: '管理员：重置密码（返回一次性密码，对方下次登录时必须修改）',
    request: idParam,
    responses: { 200: jsonOk(oneTime, '新的一次性密码'), ...commonErrors },
  }), async (c) => {
    return c.json(await resetPassword(c.get('deps'), admin(c), c.req.valid('param').id), 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/admin/accounts/{id}/totp-reset',
    tags: ['people'],
    summary: '管理员：清除动态验证码（手机丢失或更换），对方用密码登录后重新绑定；已有登录立即失效',
    request: idParam,
    responses: { 200: jsonOk(done, '已清除'), ...commonErrors },
  }), async (c) => {
    await resetTotp(c.get('deps'), admin(c), c.req.valid('param').id)
    return c.json({ ok: true as const }, 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/admin/units',
    tags: ['people'],
    summary: '管理员：本单位及下级单位，以及是否要求动态验证码',
    responses: { 200: jsonOk(z.object({ units: z.array(unit) }), '单位列表'), ...commonErrors },
  }), async (c) => {
    return c.json({ units: await listUnits(c.get('deps').db, admin(c)) }, 200)
  })
  .openapi(createRoute({
    method: 'put',
    path: '/admin/units/{id}/security',
    tags: ['people'],
    summary: '管理员：要求（或不再要求）该单位及其下级单位的工作人员开启动态验证码',
    request: { params: z.object({ id: z.string().max(40) }), ...jsonBody(z.object({ requireTotp: z.boolean() })) },
    responses: { 200: jsonOk(done, '已保存'), ...commonErrors },
  }), async (c) => {
    await setUnitSecurity(c.get('deps'), admin(c), c.req.valid('param').id, c.req.valid('json').requireTotp)
    return c.json({ ok: true as const }, 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/admin/account-changes',
    tags: ['people'],
    summary: '管理员：本单位及下级单位的账号变更记录（审计），新的在前',
    request: { query: z.object({ before: z.coerce.number().int().positive().optional().openapi({ description: '翻页：上一页最后一条的 seq' }) }) },
    responses: { 200: jsonOk(z.object({ entries: z.array(change), next: z.number().nullable() }), '变更记录'), ...commonErrors },
  }), async (c) => {
    return c.json(await listAccountChanges(c.get('deps').db, admin(c), c.req.valid('query').before), 200)
  })
