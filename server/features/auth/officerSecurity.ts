import type { Db } from '../../db/client.ts'
import type { Deps } from '../../http/context.ts'
import { and, eq, ne, sql } from 'drizzle-orm'
import QRCode from 'qrcode'
import { passwordWeakness, WEAK_PASSWORD } from '#shared/schemas/auth.ts'
import { claimAttempt } from '../../auth/limits.ts'
import { hashPassword, verifyPassword } from '../../auth/password.ts'
import { newTotpSecret, totpUri } from '../../auth/totp.ts'
import { accounts, sessions, units, unitSecurity } from '../../db/schema/index.ts'
import { AppError, conflict, forbidden } from '../../http/errors.ts'
import { writeUnitSecurity } from '../people/service.ts'
import { checkTotp, signInPolicy } from './officerSignIn.ts'

/** Whether the officer has a second factor, and whether their unit (or one above it) requires one. */
export async function totpStatus(db: Db, accountId: string) {
  const above = sql`(select 1 from ${unitSecurity} join ${units} as above on above.id = ${unitSecurity.unitId}
    where ${unitSecurity.requireTotp} and starts_with(${units.path}, above.path))`
  const [row] = await db.select({
    enabled: sql<boolean>`${accounts.totpSecret} is not null`,
    required: sql<boolean>`exists ${above}`,
    unitRequires: sql<boolean>`coalesce((select ${unitSecurity.requireTotp} from ${unitSecurity} where ${unitSecurity.unitId} = ${accounts.unitId}), false)`,
  }).from(accounts).innerJoin(units, eq(units.id, accounts.unitId)).where(eq(accounts.id, accountId))
  return row ?? { enabled: false, required: false, unitRequires: false }
}

/** Starts (or restarts) enrolment: a new secret waits for its first code before it counts. */
export async function startTotpEnrolment(deps: Deps, accountId: string, username: string) {
  const secret = newTotpSecret()
  const claimed = await deps.db.update(accounts).set({ totpPendingSecret: secret }).where(and(eq(accounts.id, accountId), sql`${accounts.totpSecret} is null`)).returning({ id: accounts.id })
  if (claimed.length === 0)
    throw conflict('TOTP_ALREADY_ENABLED', '动态验证码已经开启')
  const uri = totpUri(secret, username)
  // design: the QR is drawn on the server with the qrcode package the certificates already use; the
  // secret is also shown in groups of four for typing into an app by hand.
  return { secret: secret.match(/.{1,4}/g)!.join(' '), uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 2, width: 240 }) }
}

/** Confirms enrolment with a first code from the app: the pending secret becomes the second factor. */
export async function confirmTotpEnrolment(deps: Deps, accountId: string, code: string) {
  // `stored` is the sealed text as it is in the row: the swap below succeeds only if nobody re-enrolled meanwhile.
  const [row] = await deps.db.select({ pending: accounts.totpPendingSecret, stored: sql<string>`${accounts.totpPendingSecret}` }).from(accounts).where(eq(accounts.id, accountId))
  if (!row?.pending)
    throw conflict('TOTP_NOT_STARTED', '请先生成二维码，再输入动态验证码')
  if (!(await checkTotp(deps, accountId, row.pending, code)))
    throw new AppError(400, 'TOTP_WRONG', '动态验证码不正确，请核对手机时间后输入最新的验证码')
  const done = await deps.db.update(accounts).set({ totpSecret: row.pending, totpPendingSecret: null }).where(and(eq(accounts.id, accountId), sql`${accounts.totpPendingSecret} = ${row.stored}`)).returning({ id: accounts.id })
  if (done.length === 0)
    throw conflict('TOTP_NOT_STARTED', '二维码已更新，请用最新的二维码重新设置')
}

/** Changes an officer's password after checking the current one; every other session ends. */
export async function changePassword(deps: Deps, me: { accountId: string, tokenHash: string }, input: { currentPassword: string, newPassword: string }) {
  const claim = await claimAttempt(deps.db, `password:${me.accountId}`, signInPolicy.pair, deps.now())
  if (!claim.won)
    throw new AppError(429, 'LOGIN_DELAYED', `尝试次数过多，请在 ${Math.ceil(claim.retryAfterSeconds / 60)} 分钟后再试`, { retryAfterSeconds: claim.retryAfterSeconds })
  const [account] = await deps.db.select({ username: accounts.username, passwordHash: accounts.passwordHash }).from(accounts).where(eq(accounts.id, me.accountId))
  if (!account?.passwordHash || !(await verifyPassword(input.currentPassword, account.passwordHash)))
    throw new AppError(400, 'PASSWORD_WRONG', '当前密码不正确')
  const weakness = input.newPassword === input.currentPassword ? '新密码不能与当前密码相同' : passwordWeakness(input.newPassword, account.username ?? undefined)
  if (weakness)
    throw new AppError(400, 'VALIDATION_FAILED', weakness, { issues: [{ path: 'newPassword', code: WEAK_PASSWORD, message: weakness }] })
  await deps.db.update(accounts).set({ passwordHash: await hashPassword(input.newPassword), passwordMustChange: false }).where(eq(accounts.id, me.accountId))
  await deps.db.delete(sessions).where(and(eq(sessions.accountId, me.accountId), ne(sessions.tokenHash, me.tokenHash)))
}

/** Who may set their own unit's security requirement on the security page. */
export const canSetUnitSecurity = (role: string | null) => role === 'head' || role === 'leader' || role === 'admin'

/** A head, leader or administrator requires (or stops requiring) a second factor for their unit and those under it. */
export async function setUnitTotpRequirement(deps: Deps, me: { accountId: string, unitId: string, role: string | null }, ip: string, requireTotp: boolean) {
  if (!canSetUnitSecurity(me.role))
    throw forbidden('UNIT_HEAD_ONLY', '只有单位负责人可以修改本单位的安全设置')
  await writeUnitSecurity(deps, me, ip, me.unitId, requireTotp)
}
