import type { z } from 'zod'
import type { OfficerRole } from '#shared/people/roles.ts'
import type { accountCreateSchema } from '#shared/schemas/people.ts'
import type { Db, Tx } from '../../db/client.ts'
import type { Deps } from '../../http/context.ts'
import { and, asc, desc, eq, inArray, isNotNull, isNull, like, lt, ne, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { ownAccountRefusal, roleFitsUnit } from '#shared/people/roles.ts'
import { audit } from '../../audit/entry.ts'
import { hashPassword } from '../../auth/password.ts'
import { accounts, auditEvents, sessions, units, unitSecurity } from '../../db/schema/index.ts'
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts'
import { oneTimePassword } from '../../production/admin.ts'

/** The administrator acting: their account, unit and the unit's path (their jurisdiction). */
export interface Admin { accountId: string, unitId: string, unitPath: string, role: string | null, ip: string }

const actor = (me: Admin) => ({ accountId: me.accountId, unitId: me.unitId, role: me.role })
const accountGone = () => notFound('ACCOUNT_NOT_FOUND', '该账号不存在或不在本单位管辖范围内')
const unitGone = () => notFound('UNIT_NOT_FOUND', '该单位不存在或不在本单位管辖范围内')

/** The units of the administrator's jurisdiction: theirs and every unit below it. */
const unitsWithin = (db: Db | Tx, me: Admin) => db.select({ id: units.id }).from(units).where(sql`starts_with(${units.path}, ${me.unitPath})`)
/** An officer account inside the administrator's jurisdiction. */
const manageable = (db: Db | Tx, me: Admin, id: string) => and(eq(accounts.id, id), eq(accounts.kind, 'officer'), inArray(accounts.unitId, unitsWithin(db, me)))

function refuseOwn(me: Admin, id: string) {
  const refusal = ownAccountRefusal(me.accountId, id)
  if (refusal)
    throw forbidden('OWN_ACCOUNT', refusal)
}

/** After a conditional update found nothing: out of reach (404), or in reach but already in that state (409). */
async function explainMiss(db: Db, me: Admin, id: string, stateConflict: () => AppError): Promise<never> {
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(manageable(db, me, id))
  throw row ? stateConflict() : accountGone()
}

export async function listAccounts(db: Db, me: Admin) {
  const rows = await db.select({
    id: accounts.id,
    username: accounts.username,
    displayName: accounts.displayName,
    role: accounts.role,
    unitId: units.id,
    unitName: units.name,
    unitKind: units.kind,
    unitPath: units.path,
    officePhone: accounts.officePhone,
    disabledAt: accounts.disabledAt,
    lastSignInAt: accounts.lastSignInAt,
    totpEnabled: sql<boolean>`${accounts.totpSecret} is not null`,
    mustChangePassword: accounts.passwordMustChange,
    createdAt: accounts.createdAt,
  }).from(accounts).innerJoin(units, eq(units.id, accounts.unitId)).where(and(eq(accounts.kind, 'officer'), sql`starts_with(${units.path}, ${me.unitPath})`)).orderBy(asc(units.path), asc(accounts.username))
  return rows.map(({ unitPath, disabledAt, lastSignInAt, createdAt, ...r }) => ({
    ...r,
    unitDepth: unitPath.split('/').filter(Boolean).length - me.unitPath.split('/').filter(Boolean).length,
    self: r.id === me.accountId,
    disabled: disabledAt !== null,
    disabledAt: disabledAt?.toISOString() ?? null,
    lastSignInAt: lastSignInAt?.toISOString() ?? null,
    createdAt: createdAt.toISOString(),
  }))
}

export async function listUnits(db: Db, me: Admin) {
  const rows = await db.select({ id: units.id, name: units.name, kind: units.kind, path: units.path, requiresTotp: sql<boolean>`coalesce(${unitSecurity.requireTotp}, false)` })
    .from(units)
    .leftJoin(unitSecurity, eq(unitSecurity.unitId, units.id))
    .where(sql`starts_with(${units.path}, ${me.unitPath})`)
    .orderBy(asc(units.path))
  const base = me.unitPath.split('/').filter(Boolean).length
  return rows.map(({ path, ...u }) => ({ ...u, depth: path.split('/').filter(Boolean).length - base }))
}

/** Creates an officer at a unit of the administrator's jurisdiction, with a one-time password shown once. */
export async function createAccount(deps: Deps, me: Admin, input: z.infer<typeof accountCreateSchema>) {
  const [unit] = await deps.db.select({ id: units.id, kind: units.kind }).from(units).where(and(eq(units.id, input.unitId), sql`starts_with(${units.path}, ${me.unitPath})`))
  if (!unit)
    throw unitGone()
  if (!roleFitsUnit(input.role, unit.kind))
    throw new AppError(400, 'ROLE_NOT_FOR_UNIT', unit.kind === 'school' ? '学校没有“经办人”角色，请选择学籍管理员、科室负责人、分管领导或管理员' : '教育行政部门没有“学籍管理员”角色，请选择经办人、科室负责人、分管领导或管理员')
  const password = oneTimePassword()
  const passwordHash = await hashPassword(password)
  const created = await deps.db.transaction(async (tx) => {
    const [row] = await tx.insert(accounts).values({
      kind: 'officer',
      username: input.username,
      displayName: input.displayName,
      unitId: unit.id,
      role: input.role,
      officePhone: input.officePhone ?? null,
      passwordHash,
      passwordMustChange: true,
      createdAt: deps.now(),
    }).onConflictDoNothing().returning({ id: accounts.id })
    if (row)
      await audit(tx, actor(me), { action: 'account.create', object: { type: 'account', id: row.id }, clientIp: me.ip, at: deps.now(), detail: { unitId: unit.id, username: input.username, role: input.role } })
    return row
  })
  if (!created)
    throw conflict('USERNAME_TAKEN', '该用户名已被使用，请换一个')
  return { id: created.id, oneTimePassword: password }
}

/** Changes another account's role; one statement, so two administrators changing it at once leave one answer each. */
export async function changeRole(deps: Deps, me: Admin, id: string, role: OfficerRole) {
  refuseOwn(me, id)
  const { db } = deps
  return db.transaction(async (tx) => {
    // The row as it was, locked, so the audit's "before" is the value this update replaced.
    const before = tx.select({ id: accounts.id, role: accounts.role }).from(accounts).where(manageable(tx, me, id)).for('update').as('before')
    const unitKind = sql<string>`(select ${units.kind} from ${units} where ${units.id} = ${accounts.unitId})`
    const [row] = await tx.update(accounts).set({ role }).from(before).where(and(eq(accounts.id, before.id), ne(accounts.id, me.accountId))).returning({ before: before.role, unitId: accounts.unitId, username: accounts.username, unitKind })
    if (!row) {
      const [reach] = await tx.select({ id: accounts.id }).from(accounts).where(manageable(tx, me, id))
      throw reach ? conflict('ACCOUNT_CHANGED', '该账号刚被修改，请刷新后重试') : accountGone()
    }
    if (!roleFitsUnit(role, row.unitKind as 'school'))
      throw new AppError(400, 'ROLE_NOT_FOR_UNIT', row.unitKind === 'school' ? '学校没有“经办人”角色，请选择学籍管理员、科室负责人、分管领导或管理员' : '教育行政部门没有“学籍管理员”角色，请选择经办人、科室负责人、分管领导或管理员')
    if (row.before !== role)
      await audit(tx, actor(me), { action: 'account.role', object: { type: 'account', id }, clientIp: me.ip, at: deps.now(), detail: { unitId: row.unitId, username: row.username, before: row.before, after: role } })
    return { role }
  })
}

/** Disables an account: it can no longer sign in and its sessions end; it stays, with its name on past decisions. */
export async function disableAccount(deps: Deps, me: Admin, id: string) {
  refuseOwn(me, id)
  const { db } = deps
  const done = await db.transaction(async (tx) => {
    const [row] = await tx.update(accounts).set({ disabledAt: deps.now() }).where(and(manageable(tx, me, id), isNull(accounts.disabledAt))).returning({ unitId: accounts.unitId, username: accounts.username })
    if (!row)
      return false
    await tx.delete(sessions).where(eq(sessions.accountId, id))
    await audit(tx, actor(me), { action: 'account.disable', object: { type: 'account', id }, clientIp: me.ip, at: deps.now(), detail: { unitId: row.unitId, username: row.username } })
    return true
  })
  if (!done)
    await explainMiss(db, me, id, () => conflict('ACCOUNT_ALREADY_DISABLED', '该账号已经停用'))
}

export async function enableAccount(deps: Deps, me: Admin, id: string) {
  refuseOwn(me, id)
  const { db } = deps
  const done = await db.transaction(async (tx) => {
    const [row] = await tx.update(accounts).set({ disabledAt: null }).where(and(manageable(tx, me, id), isNotNull(accounts.disabledAt))).returning({ unitId: accounts.unitId, username: accounts.username })
    if (row)
      await audit(tx, actor(me), { action: 'account.enable', object: { type: 'account', id }, clientIp: me.ip, at: deps.now(), detail: { unitId: row.unitId, username: row.username } })
    return !!row
  })
  if (!done)
    await explainMiss(db, me, id, () => conflict('ACCOUNT_NOT_DISABLED', '该账号没有停用'))
}

/**
 * Gives an account a new one-time password, shown once to the administrator; the officer must set
 * their own at the next sign-in, and every session of theirs ends (design: a reset is often because
 * the password got out).
 */
export async function resetPassword(deps: Deps, me: Admin, id: string) {
  refuseOwn(me, id)
  const { db } = deps
  const password = oneTimePassword()
  const passwordHash = await hashPassword(password)
  const done = await db.transaction(async (tx) => {
    const [row] = await tx.update(accounts).set({ passwordHash, passwordMustChange: true }).where(and(manageable(tx, me, id), isNull(accounts.disabledAt))).returning({ unitId: accounts.unitId, username: accounts.username })
    if (!row)
      return false
    await tx.delete(sessions).where(eq(sessions.accountId, id))
    await audit(tx, actor(me), { action: 'account.passwordReset', object: { type: 'account', id }, clientIp: me.ip, at: deps.now(), detail: { unitId: row.unitId, username: row.username } })
    return true
  })
  if (!done)
    await explainMiss(db, me, id, () => conflict('ACCOUNT_DISABLED', '该账号已停用，请先重新启用'))
  return { oneTimePassword: password }
}

/**
 * Clears an officer's authenticator (a lost or replaced phone): they sign in with their password
 * and enrol again, at once where their unit requires it; every session of theirs ends.
 */
export async function resetTotp(deps: Deps, me: Admin, id: string) {
  refuseOwn(me, id)
  const { db } = deps
  const done = await db.transaction(async (tx) => {
    const [row] = await tx.update(accounts).set({ totpSecret: null, totpPendingSecret: null, totpLastStep: null }).where(and(manageable(tx, me, id), isNotNull(accounts.totpSecret))).returning({ unitId: accounts.unitId, username: accounts.username })
    if (!row)
      return false
    await tx.delete(sessions).where(eq(sessions.accountId, id))
    await audit(tx, actor(me), { action: 'account.totpReset', object: { type: 'account', id }, clientIp: me.ip, at: deps.now(), detail: { unitId: row.unitId, username: row.username } })
    return true
  })
  if (!done)
    await explainMiss(db, me, id, () => conflict('TOTP_NOT_ENABLED', '该账号没有开启动态验证码'))
}

/** Requires (or stops requiring) a second factor at a unit of the jurisdiction and every unit under it. */
export async function setUnitSecurity(deps: Deps, me: Admin, unitId: string, requireTotp: boolean) {
  const [unit] = await deps.db.select({ id: units.id }).from(units).where(and(eq(units.id, unitId), sql`starts_with(${units.path}, ${me.unitPath})`))
  if (!unit)
    throw unitGone()
  await writeUnitSecurity(deps, actor(me), me.ip, unitId, requireTotp)
}

/** One upsert and its audit entry; shared with the unit head's switch on the security page. */
export async function writeUnitSecurity(deps: Deps, who: { accountId: string, unitId: string, role: string | null }, ip: string | null, unitId: string, requireTotp: boolean) {
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.insert(unitSecurity).values({ unitId, requireTotp, updatedBy: who.accountId, updatedAt: deps.now() }).onConflictDoUpdate({ target: unitSecurity.unitId, set: { requireTotp, updatedBy: who.accountId, updatedAt: deps.now() }, setWhere: sql`${unitSecurity.requireTotp} <> ${requireTotp}` }).returning({ unitId: unitSecurity.unitId })
    if (row)
      await audit(tx, who, { action: 'unit.security', clientIp: ip, at: deps.now(), detail: { unitId, requireTotp } })
  })
}

const PAGE = 50
/** Account and unit-security changes at the jurisdiction's units, newest first: the unit above sees those below. */
export async function listAccountChanges(db: Db, me: Admin, before?: number) {
  const actorAccount = alias(accounts, 'actor')
  const target = alias(accounts, 'target')
  const unitName = sql<string | null>`(select ${units.name} from ${units} where ${units.id} = ${auditEvents.detail}->>'unitId')`
  const rows = await db.select({
    seq: auditEvents.seq,
    at: auditEvents.at,
    action: auditEvents.action,
    detail: auditEvents.detail,
    actorName: actorAccount.displayName,
    actorUsername: actorAccount.username,
    targetName: target.displayName,
    unitName,
  })
    .from(auditEvents)
    .leftJoin(actorAccount, eq(actorAccount.id, auditEvents.actorId))
    .leftJoin(target, and(eq(auditEvents.objectType, 'account'), eq(sql`${target.id}::text`, auditEvents.objectId)))
    .where(and(
      or(like(auditEvents.action, 'account.%'), eq(auditEvents.action, 'unit.security')),
      sql`exists (select 1 from ${units} where ${units.id} = ${auditEvents.detail}->>'unitId' and starts_with(${units.path}, ${me.unitPath}))`,
      before ? lt(auditEvents.seq, before) : undefined,
    ))
    .orderBy(desc(auditEvents.seq))
    .limit(PAGE)
  const entries = rows.map(r => ({
    seq: r.seq,
    at: r.at.toISOString(),
    action: r.action,
    actorName: r.actorName,
    actorUsername: r.actorUsername,
    targetName: r.targetName,
    targetUsername: typeof r.detail?.username === 'string' ? r.detail.username : null,
    unitName: r.unitName,
    before: typeof r.detail?.before === 'string' ? r.detail.before : null,
    after: typeof r.detail?.after === 'string' ? r.detail.after : (typeof r.detail?.role === 'string' ? r.detail.role : null),
    requireTotp: typeof r.detail?.requireTotp === 'boolean' ? r.detail.requireTotp : null,
  }))
  return { entries, next: entries.length === PAGE ? entries.at(-1)!.seq : null }
}

/** An officer's own desk line (printed on 核查单 / 督办单); the number itself is not audited. */
export async function changeOwnOfficePhone(deps: Deps, me: { accountId: string, unitId: string, role: string | null }, ip: string, officePhone: string | null) {
  await deps.db.transaction(async (tx) => {
    await tx.update(accounts).set({ officePhone }).where(eq(accounts.id, me.accountId))
    await audit(tx, me, { action: 'account.officePhone', object: { type: 'account', id: me.accountId }, clientIp: ip, at: deps.now(), detail: { unitId: me.unitId } })
  })
}
