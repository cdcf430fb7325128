import type { Deps } from '../../http/context.ts'
import { and, eq, isNull, lt, sql } from 'drizzle-orm'
import { smsPolicy } from '#shared/schemas/auth.ts'
import { hashSmsCode, smsCode } from '../../auth/tokens.ts'
import { holdLimitKeys, tryHoldLimitKey } from '../../db/limitLocks.ts'
import { outboxMessages, smsCodes } from '../../db/schema/index.ts'
import { AppError, notFound, rateLimited } from '../../http/errors.ts'
import { deliverNow, enqueueSms } from '../../outbox/outbox.ts'
import { latestOpenCode, recentCodes } from './queries.ts'

const HOUR = 3600_000
const secondsUntil = (from: Date, to: Date) => Math.max(1, Math.ceil((to.getTime() - from.getTime()) / 1000))

/** Issues a sign-in code, within the per-phone and per-address limits, however many ask at once. */
export async function sendSignInCode(deps: Deps, phone: string, ip: string) {
  const now = deps.now()
  const hourAgo = new Date(now.getTime() - HOUR)
  const expiresAt = new Date(now.getTime() + smsPolicy.codeTtlSeconds * 1000)
  const { codeId, messageId } = await deps.db.transaction(async (tx) => {
    // The phone's own taps are answered at once (the code is on its way); an address's count waits its turn.
    if (!await tryHoldLimitKey(tx, `sms.phone:${phone}`))
      throw rateLimited('SMS_TOO_SOON', smsPolicy.resendAfterSeconds)
    await holdLimitKeys(tx, [`sms.ip:${ip}`])
    const byPhone = await recentCodes(tx, 'phone', phone, hourAgo)
    const last = byPhone[0]
    if (last && now.getTime() - last.createdAt.getTime() < smsPolicy.resendAfterSeconds * 1000)
      throw rateLimited('SMS_TOO_SOON', secondsUntil(now, new Date(last.createdAt.getTime() + smsPolicy.resendAfterSeconds * 1000)))
    if (byPhone.length >= smsPolicy.perPhonePerHour)
      throw rateLimited('SMS_PHONE_LIMIT', secondsUntil(now, new Date(byPhone.at(-1)!.createdAt.getTime() + HOUR)))
    const byIp = await recentCodes(tx, 'ip', ip, hourAgo)
    if (byIp.length >= smsPolicy.perIpPerHour)
      throw rateLimited('SMS_IP_LIMIT', secondsUntil(now, new Date(byIp.at(-1)!.createdAt.getTime() + HOUR)))
    const code = smsCode()
    const [issued] = await tx.insert(smsCodes).values({
      phone,
      codeHash: hashSmsCode(deps.env.SECRET, phone, code),
      clientIp: ip,
      createdAt: now,
      expiresAt,
    }).returning({ id: smsCodes.id })
    return { codeId: issued!.id, messageId: await enqueueSms({ ...deps, db: tx }, { phone, template: 'signInCode', params: { code } }, { expiresAt }) }
  })
  // Through the outbox, at once while the person waits; a provider hiccup is retried while the code is valid.
  const outcome = await deliverNow(deps, messageId)
  if (outcome === 'failed') {
    // The code never reached the phone: it stops counting as open, and the person is told so.
    await deps.db.update(smsCodes).set({ consumedAt: now }).where(eq(smsCodes.id, codeId))
    throw new AppError(503, 'SMS_NOT_DELIVERED', `验证码短信未能发出，请在${smsPolicy.resendAfterSeconds} 秒后重新获取`, { retryAfterSeconds: smsPolicy.resendAfterSeconds })
  }
  return { resendAfterSeconds: smsPolicy.resendAfterSeconds, expiresInSeconds: smsPolicy.codeTtlSeconds, delivery: outcome === 'sent' ? 'sent' as const : 'retrying' as const, deliveryId: messageId }
}

/**
 * Where a sign-in code's message stands, for the login screen to follow while the outbox retries:
 * 'sending' (waiting or being sent), 'sent', or 'failed' (given up: the person is told to ask again).
 * Only sign-in codes are answered, and only their state: never the phone or the code.
 */
export async function signInCodeDelivery(deps: Deps, id: string) {
  const [m] = await deps.db.select({ state: outboxMessages.state }).from(outboxMessages).where(and(eq(outboxMessages.id, id), eq(outboxMessages.template, 'signInCode')))
  if (!m)
    throw notFound('DELIVERY_NOT_FOUND', '没有找到这条验证码短信')
  return { state: m.state === 'sent' ? 'sent' as const : m.state === 'failed' ? 'failed' as const : 'sending' as const }
}

/**
 * Checks a code. Every check first claims one of the code's attempts with a single conditional
 * update, and compares only when the claim succeeded: however many guesses arrive at once, at most
 * `maxAttempts` are ever compared. Resolves when the code is right.
 */
export async function checkSignInCode(deps: Deps, phone: string, code: string) {
  const now = deps.now()
  const open = await latestOpenCode(deps.db, phone)
  if (!open || open.expiresAt <= now)
    throw new AppError(400, 'CODE_EXPIRED', '验证码已过期或未发送，请重新获取')
  const [claim] = await deps.db.update(smsCodes).set({ attempts: sql`${smsCodes.attempts} + 1` }).where(and(eq(smsCodes.id, open.id), lt(smsCodes.attempts, smsPolicy.maxAttempts), isNull(smsCodes.consumedAt))).returning({ attempts: smsCodes.attempts })
  if (!claim)
    throw new AppError(400, 'CODE_LOCKED', '验证码错误次数过多，请重新获取')
  if (open.codeHash !== hashSmsCode(deps.env.SECRET, phone, code)) {
    const left = smsPolicy.maxAttempts - claim.attempts
    if (left <= 0)
      throw new AppError(400, 'CODE_LOCKED', '验证码错误次数过多，请重新获取')
    throw new AppError(400, 'CODE_WRONG', `验证码不正确，还可以再试 ${left} 次`)
  }
  // Consume at most once, even if two verifies race.
  const consumed = await deps.db.update(smsCodes).set({ consumedAt: now }).where(and(eq(smsCodes.id, open.id), isNull(smsCodes.consumedAt))).returning({ id: smsCodes.id })
  if (consumed.length === 0)
    throw new AppError(400, 'CODE_EXPIRED', '验证码已使用，请重新获取')
}
