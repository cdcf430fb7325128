import type { LimitPolicy } from '../../auth/limits.ts'
import type { Deps } from '../../http/context.ts'
import { and, eq, isNull, lt, or } from 'drizzle-orm'
import { claimAttempt, clearAttempts, refundAttempt } from '../../auth/limits.ts'
import { unmatchableHash, verifyPassword } from '../../auth/password.ts'
import { totpStep } from '../../auth/totp.ts'
import { accounts } from '../../db/schema/index.ts'
import { AppError } from '../../http/errors.ts'

const MINUTE = 60_000
// design (docs/security.md "Officer sign-in"): lock-out hurts the attacker, not the officer.
export const signInPolicy = {
  // One username from one address: 5 tries, then 30 s, 1, 2, 4, 8 min, at most 15 min between tries.
  pair: { kind: 'backoff', free: 5, firstWaitMs: 30_000, maxWaitMs: 15 * MINUTE, windowMs: 24 * 60 * MINUTE },
  // One address, any usernames, password alone: 30 tries in 15 minutes (password spraying).
  address: { kind: 'window', max: 30, windowMs: 15 * MINUTE },
  // One username, any addresses, password alone: 20 tries in 15 minutes (more than one address can
  // make under the pair limit); past that, only password plus the second factor signs in.
  username: { kind: 'window', max: 20, windowMs: 15 * MINUTE },
  // Wrong second-factor codes after a right password: 5 in 15 minutes per account.
  totp: { kind: 'window', max: 5, windowMs: 15 * MINUTE },
} satisfies Record<string, LimitPolicy>

const failed = () => new AppError(400, 'LOGIN_FAILED', '用户名或密码不正确')
const failedWithCode = () => new AppError(400, 'LOGIN_FAILED', '用户名、密码或动态验证码不正确')
const needsCode = () => new AppError(400, 'SECOND_FACTOR_REQUIRED', '请输入身份验证器 App 上的 6 位动态验证码')
function delayed(retryAfterSeconds: number) {
  const wait = retryAfterSeconds < 60 ? `${retryAfterSeconds} 秒` : `${Math.ceil(retryAfterSeconds / 60)} 分钟`
  return new AppError(429, 'LOGIN_DELAYED', `尝试次数过多，请在 ${wait}后再试`, { retryAfterSeconds })
}
function locked(retryAfterSeconds: number) {
  return new AppError(429, 'LOGIN_LOCKED', `登录失败次数过多，请在 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试；已开启动态验证码的账号输入动态验证码可立即登录`, { retryAfterSeconds })
}

/**
 * Checks an officer's username, password and (when sent) TOTP code; resolves to the account id.
 * Every limit is claimed before any comparison. Nothing before the password check depends on
 * whether the username exists, and an unknown username costs the same hash work.
 */
export async function checkOfficerSignIn(deps: Deps, input: { username: string, password: string, totp?: string }, ip: string): Promise<string> {
  const { db } = deps
  const now = deps.now()
  const keys = { pair: `pair:${input.username}:${ip}`, address: `ip:${ip}`, username: `user:${input.username}` }
  const pair = await claimAttempt(db, keys.pair, signInPolicy.pair, now)
  if (!pair.won)
    throw delayed(pair.retryAfterSeconds)
  // With a code, a guess has to hit password and code at once, so the shared limits (which anyone
  // can fill) do not apply: that is the officer's way in while their username or office is attacked.
  const shared = input.totp ? [] : (['address', 'username'] as const)
  for (const which of shared) {
    const claim = await claimAttempt(db, keys[which], signInPolicy[which], now)
    if (!claim.won)
      throw locked(claim.retryAfterSeconds)
  }

  const [account] = await db.select({ id: accounts.id, passwordHash: accounts.passwordHash, totpSecret: accounts.totpSecret, disabledAt: accounts.disabledAt })
    .from(accounts)
    .where(and(eq(accounts.username, input.username), eq(accounts.kind, 'officer')))
  const passwordRight = await verifyPassword(input.password, account?.passwordHash ?? unmatchableHash)
  if (!account?.passwordHash || !passwordRight)
    throw input.totp ? failedWithCode() : failed()
  if (account.totpSecret || input.totp) {
    if (!input.totp)
      throw needsCode()
    if (!account.totpSecret || !(await checkTotp(deps, account.id, account.totpSecret, input.totp)))
      throw failedWithCode()
  }

  await clearAttempts(db, keys.pair)
  for (const which of shared)
    await refundAttempt(db, keys[which], signInPolicy[which])
  // design: said only to someone who knows the password, so it tells an attacker nothing.
  if (account.disabledAt)
    throw new AppError(403, 'ACCOUNT_DISABLED', '该账号已停用，如有疑问请联系本单位账号管理员')
  return account.id
}

/**
 * Checks a TOTP code for an account: claims one of its code attempts first, then the code's
 * 30-second step, so a code works once and a stolen password buys at most 5 code guesses.
 */
export async function checkTotp(deps: Deps, accountId: string, secret: string, code: string): Promise<boolean> {
  const now = deps.now()
  const claim = await claimAttempt(deps.db, `totp:${accountId}`, signInPolicy.totp, now)
  if (!claim.won)
    throw new AppError(429, 'TOTP_LOCKED', `动态验证码错误次数过多，请在 ${Math.ceil(claim.retryAfterSeconds / 60)} 分钟后再试`, { retryAfterSeconds: claim.retryAfterSeconds })
  const step = totpStep(secret, code, now)
  if (step === null)
    return false
  const used = await deps.db.update(accounts).set({ totpLastStep: step }).where(and(eq(accounts.id, accountId), or(isNull(accounts.totpLastStep), lt(accounts.totpLastStep, step)))).returning({ id: accounts.id })
  if (used.length === 0)
    return false
  await refundAttempt(deps.db, `totp:${accountId}`, signInPolicy.totp)
  return true
}
