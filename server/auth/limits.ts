import type { Db } from '../db/client.ts'
import { eq, sql } from 'drizzle-orm'
import { signInLimits } from '../db/schema/index.ts'

/**
 * How attempts under one key are limited.
 * - `window`: at most `max` attempts per window; the key is then blocked until the window ends.
 * - `backoff`: `free` attempts, then a wait that doubles after each further attempt, from `firstWaitMs`
 *   up to `maxWaitMs`; the count starts again `windowMs` after its first attempt.
 */
export type LimitPolicy
  = | { kind: 'window', max: number, windowMs: number }
    | { kind: 'backoff', free: number, firstWaitMs: number, maxWaitMs: number, windowMs: number }

/** No policy's window is longer: the sweeper forgets a key once its block ended and this much has passed (housekeeping.ts). */
export const LONGEST_LIMIT_WINDOW_MS = 24 * 3600_000

const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`
const ms = (n: number) => sql.raw(String(Math.round(n)))
const NEVER_BLOCKED = new Date(0)

/**
 * Claims one attempt under `key`: one conditional upsert that succeeds only while the key is not
 * blocked, and blocks it as the policy says. Returns whether the claim was won, so the caller
 * compares a secret only after winning: a burst cannot outrun the count.
 */
export async function claimAttempt(db: Db, key: string, policy: LimitPolicy, now: Date): Promise<{ won: true, attempts: number, blockedUntil: Date } | { won: false, retryAfterSeconds: number }> {
  if (policy.windowMs > LONGEST_LIMIT_WINDOW_MS)
    throw new Error(`a limit's window may not exceed ${LONGEST_LIMIT_WINDOW_MS} ms: the sweeper would forget its count`)
  const t = signInLimits
  const fresh = sql`${t.windowStartedAt} <= ${iso(new Date(now.getTime() - policy.windowMs))}`
  const attempts = sql`(case when ${fresh} then 1 else ${t.attempts} + 1 end)`
  const windowStartedAt = sql`(case when ${fresh} then ${iso(now)} else ${t.windowStartedAt} end)`
  const blockedUntil = policy.kind === 'window'
    ? sql`(case when ${attempts} >= ${ms(policy.max)} then ${windowStartedAt} + ${ms(policy.windowMs)} * interval '1 millisecond' else ${iso(NEVER_BLOCKED)} end)`
    : sql`${iso(now)} + (case when ${attempts} < ${ms(policy.free)} then 0 else least(${ms(policy.maxWaitMs)}, ${ms(policy.firstWaitMs)} * power(2, ${attempts} - ${ms(policy.free)})) end) * interval '1 millisecond'`
  const firstBlocks = policy.kind === 'window' ? policy.max <= 1 : policy.free <= 1
  const firstWaitMs = policy.kind === 'window' ? policy.windowMs : policy.firstWaitMs
  const won = await db.insert(t)
    .values({ key, attempts: 1, windowStartedAt: now, blockedUntil: firstBlocks ? new Date(now.getTime() + firstWaitMs) : NEVER_BLOCKED })
    .onConflictDoUpdate({ target: t.key, set: { attempts, windowStartedAt, blockedUntil }, setWhere: sql`${t.blockedUntil} <= ${iso(now)}` })
    .returning({ attempts: t.attempts, blockedUntil: t.blockedUntil })
  if (won.length > 0)
    return { won: true, attempts: won[0]!.attempts, blockedUntil: won[0]!.blockedUntil }
  // Lost: read when the block ends, for the answer only (nothing is decided on this read).
  const [row] = await db.select({ blockedUntil: t.blockedUntil }).from(t).where(eq(t.key, key))
  const left = row ? row.blockedUntil.getTime() - now.getTime() : 1000
  return { won: false, retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)) }
}

/** Gives back one attempt of a `window` key (a sign-in that succeeded should not count against a shared address). */
export async function refundAttempt(db: Db, key: string, policy: Extract<LimitPolicy, { kind: 'window' }>) {
  const t = signInLimits
  await db.update(t).set({
    attempts: sql`greatest(${t.attempts} - 1, 0)`,
    blockedUntil: sql`(case when ${t.attempts} - 1 < ${ms(policy.max)} then ${iso(NEVER_BLOCKED)} else ${t.blockedUntil} end)`,
  }).where(eq(t.key, key))
}

/** Forgets a key altogether (the officer proved who they are from this address). */
export async function clearAttempts(db: Db, key: string) {
  await db.delete(signInLimits).where(eq(signInLimits.key, key))
}
