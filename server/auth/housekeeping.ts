import type { Db } from '../db/client.ts'
import { and, eq, inArray, lt, sql } from 'drizzle-orm'
import { rowsOf } from '../db/bulk.ts'
import { outboxMessages, sessions, signInLimits, smsCodes } from '../db/schema/index.ts'
import { LONGEST_LIMIT_WINDOW_MS } from './limits.ts'

const HOUR = 3600_000
// design: sign-in codes are counted for an hour (shared/schemas/auth.ts smsPolicy); a day more lets
// support answer "was my code sent?" the next morning. Then the code's row and its text message
// (phone, address) go. A limit's row means nothing once its block has ended and its window has passed:
// the next attempt would start a new window just as if there were no row.
const CODES_KEPT_MS = 24 * HOUR
// design: at most this many rows of each go at a sweep (every minute), so a sweep stays short after a
// long stop; 7 million a day, more than September's sign-ins.
const FORGOTTEN_PER_SWEEP = 5_000
const HOUSEKEEPING_LOCK = 7_291_015 // advisory lock: one instance forgets at a time, so none waits on another's rows

/**
 * The sweeper's share of sign-in: forgets what no rule reads again, so phones, addresses and session
 * tokens are not kept longer than the rules need them (002:25; the brief): sessions past their
 * expiry, sign-in codes and their settled text messages past the day after their hour, and limits
 * whose block and window have passed.
 * Returns how many of each went.
 */
export async function forgetSpentSignIns(db: Db, now: Date) {
  return db.transaction(async (tx) => {
    const [lock] = rowsOf(await tx.execute(sql`select pg_try_advisory_xact_lock(${HOUSEKEEPING_LOCK}) as held`))
    if (!lock?.held)
      return null
    const ago = (ms: number) => new Date(now.getTime() - ms)
    // Rows another transaction holds (an account disabled, a sign-in counted) are left for the next
    // sweep rather than waited for: the sweep never waits on a row, so it deadlocks with nothing.
    const free = { skipLocked: true } as const
    const expired = tx.select({ key: sessions.tokenHash }).from(sessions).where(lt(sessions.expiresAt, now)).limit(FORGOTTEN_PER_SWEEP).for('update', free)
    const oldCodes = tx.select({ id: smsCodes.id }).from(smsCodes).where(lt(smsCodes.createdAt, ago(CODES_KEPT_MS))).limit(FORGOTTEN_PER_SWEEP).for('update', free)
    const codeMessages = tx.select({ id: outboxMessages.id }).from(outboxMessages).where(and(eq(outboxMessages.template, 'signInCode'), lt(outboxMessages.settledAt, ago(CODES_KEPT_MS)))).limit(FORGOTTEN_PER_SWEEP).for('update', free)
    const spentLimits = tx.select({ key: signInLimits.key }).from(signInLimits).where(and(lt(signInLimits.windowStartedAt, ago(LONGEST_LIMIT_WINDOW_MS)), lt(signInLimits.blockedUntil, now))).limit(FORGOTTEN_PER_SWEEP).for('update', free)
    const counts = async (deleted: Promise<unknown[]>) => (await deleted).length
    return {
      sessions: await counts(tx.delete(sessions).where(inArray(sessions.tokenHash, expired)).returning({ key: sessions.tokenHash })),
      codes: await counts(tx.delete(smsCodes).where(inArray(smsCodes.id, oldCodes)).returning({ id: smsCodes.id })),
      codeMessages: await counts(tx.delete(outboxMessages).where(inArray(outboxMessages.id, codeMessages)).returning({ id: outboxMessages.id })),
      limits: await counts(tx.delete(signInLimits).where(inArray(signInLimits.key, spentLimits)).returning({ key: signInLimits.key })),
    }
  })
}
