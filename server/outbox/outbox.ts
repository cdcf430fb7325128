import type { Deps } from '../http/context.ts'
import type { NoticeTemplate, SmsMessage, SmsTemplate } from '../sms/gateway.ts'
import { and, eq, lt, sql } from 'drizzle-orm'
import { rowsOf } from '../db/bulk.ts'
import { outboxMessages, pushSubscriptions } from '../db/schema/index.ts'
import { forgetQueued, pushServiceAllowed } from '../features/notifications/push.ts'
import { describeError } from '../http/log.ts'
import { SmsFailure } from '../sms/gateway.ts'

// design: a sign-in code is wanted now: retried quickly while it is valid; anything else waits longer.
function retryPolicy(template: string) {
  return template === 'signInCode'
    ? { maxAttempts: 5, firstWaitMs: 10_000 }
    : { maxAttempts: 6, firstWaitMs: 30_000 }
}
/** Waits double after each failure: 10 s, 20 s, 40 s… for codes; 30 s, 1, 2, 4, 8 min for the rest. */
export const retryWaitMs = (template: string, attempts: number) => retryPolicy(template).firstWaitMs * 2 ** (attempts - 1)
// A claim outlives the slowest send (the SDK's timeout) with room to spare, so a live worker keeps its message.
const leaseMs = (deps: Deps) => deps.env.SMS_TIMEOUT_MS * 3 + 30_000

export type Outcome = 'sent' | 'retrying' | 'failed'

interface Claimed { id: string, channel: 'sms' | 'push', recipient: string, template: string, params: Record<string, string>, attempts: number, expiresAt: Date | null, forAccountId: string | null }

/** Writes a message to the outbox; a worker (or `deliverNow`) sends it. */
export async function enqueueSms(deps: Deps, message: SmsMessage, opts: { expiresAt?: Date } = {}): Promise<string> {
  const now = deps.now()
  const [row] = await deps.db.insert(outboxMessages).values({
    channel: 'sms',
    recipient: message.phone,
    template: message.template,
    params: message.params,
    nextAttemptAt: now,
    expiresAt: opts.expiresAt ?? null,
    createdAt: now,
  }).returning({ id: outboxMessages.id })
  return row!.id
}

/**
 * Claims due messages (or the one named) with a single statement: rows another worker holds are
 * skipped, not waited for, and a claim counts an attempt before anything is sent.
 */
async function claim(deps: Deps, opts: { id?: string, channel?: Claimed['channel'], limit: number }): Promise<Claimed[]> {
  const now = deps.now().toISOString()
  const leaseUntil = new Date(deps.now().getTime() + leaseMs(deps)).toISOString()
  const only = opts.id ? sql`and id = ${opts.id}` : opts.channel ? sql`and channel = ${opts.channel}` : sql``
  const result = await deps.db.execute(sql`
    update outbox_messages set state = 'claimed', attempts = attempts + 1, lease_until = ${leaseUntil}::timestamptz
    where id in (
      select id from outbox_messages
      where ((state = 'pending' and next_attempt_at <= ${now}::timestamptz) or (state = 'claimed' and lease_until < ${now}::timestamptz)) ${only}
      order by next_attempt_at limit ${opts.limit}
      for update skip locked)
    returning id, channel, recipient, template, params, attempts, expires_at, for_account_id`)
  return rowsOf(result).map(r => ({
    id: String(r.id),
    channel: r.channel === 'push' ? 'push' : 'sms',
    recipient: String(r.recipient),
    template: String(r.template),
    params: (typeof r.params === 'string' ? JSON.parse(r.params) : r.params) as Record<string, string>,
    attempts: Number(r.attempts),
    expiresAt: r.expires_at ? new Date(r.expires_at as string) : null,
    forAccountId: r.for_account_id ? String(r.for_account_id) : null,
  }))
}

const held = (m: Claimed, state: 'claimed' | 'sending') => and(eq(outboxMessages.id, m.id), eq(outboxMessages.state, state), eq(outboxMessages.attempts, m.attempts))

/** Records the end of one attempt, only if this worker still holds the claim (same attempt number). */
async function settle(deps: Deps, m: Claimed, set: Partial<typeof outboxMessages.$inferInsert>) {
  await deps.db.update(outboxMessages).set({ leaseUntil: null, ...set }).where(held(m, 'sending'))
}

/** The point of no return, committed before the provider is asked: false if the claim was lost meanwhile. */
async function markSending(deps: Deps, m: Claimed) {
  const rows = await deps.db.update(outboxMessages).set({ state: 'sending' }).where(held(m, 'claimed')).returning({ id: outboxMessages.id })
  return rows.length === 1
}

/**
 * design: a worker that died while the provider had the message (SIGKILL, power loss) leaves it
 * 'sending'; it may well have been delivered, so it is given up, never resent: a person gets no
 * message twice, and the province sees the interrupted send among the failures. A sign-in code's
 * owner can ask for another; a notice stays in the in-app inbox, which is the record.
 */
async function giveUpInterrupted(deps: Deps) {
  const now = deps.now()
  const rows = await deps.db.update(outboxMessages)
    .set({ state: 'failed', lastError: 'interrupted', params: {}, leaseUntil: null, settledAt: now })
    .where(and(eq(outboxMessages.state, 'sending'), lt(outboxMessages.leaseUntil, now)))
    .returning({ id: outboxMessages.id, template: outboxMessages.template })
  for (const r of rows)
    deps.log.warn({ messageId: r.id, template: r.template }, 'outgoing message interrupted mid-send; not resent')
}

async function deliver(deps: Deps, m: Claimed): Promise<Outcome> {
  const now = deps.now()
  const giveUp = async (lastError: string) => {
    await settle(deps, m, { state: 'failed', lastError, params: {}, settledAt: now })
    deps.log.warn({ messageId: m.id, template: m.template, attempts: m.attempts, lastError }, 'outgoing message given up')
    return 'failed' as const
  }
  if (!await markSending(deps, m))
    return 'retrying' // another worker took it over after this one's lease ran out
  if (m.expiresAt && m.expiresAt <= now)
    return giveUp('expired')
  try {
    const { providerId } = m.channel === 'push'
      ? await sendPush(deps, m)
      : await deps.sms.send({ phone: m.recipient, template: m.template as SmsTemplate, params: m.params })
    await settle(deps, m, { state: 'sent', providerId, params: {}, lastError: null, settledAt: deps.now() })
    return 'sent'
  }
  catch (e) {
    const failure = e instanceof SmsFailure ? e : new SmsFailure('unavailable', describeError(e).errorClass)
    const lastError = `${failure.kind} ${failure.providerCode}`
    if (m.channel === 'push' && failure.providerCode.startsWith('PUSH_GONE')) { // the browser unsubscribed or was reset
      await deps.db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, m.recipient))
      await forgetQueued(deps.db, m.recipient)
    }
    const next = new Date(now.getTime() + retryWaitMs(m.template, m.attempts))
    if (failure.kind === 'rejected' || m.attempts >= retryPolicy(m.template).maxAttempts || (m.expiresAt && next >= m.expiresAt))
      return giveUp(lastError)
    await settle(deps, m, { state: 'pending', nextAttemptAt: next, lastError })
    deps.log.warn({ messageId: m.id, template: m.template, attempts: m.attempts, lastError }, 'outgoing message will be retried')
    return 'retrying'
  }
}

/** A Web Push message, to the browser subscription it was queued for (server/push/gateway.ts). */
async function sendPush(deps: Deps, m: Claimed) {
  const [browser] = await deps.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, m.recipient))
  if (!browser || !pushServiceAllowed(browser.endpoint, deps.env.DEMO))
    throw new SmsFailure('rejected', 'PUSH_UNSUBSCRIBED')
  // Someone else signed in on it after this was queued (and before their take could forget it): not theirs to see.
  if (m.forAccountId && browser.accountId !== m.forAccountId)
    throw new SmsFailure('rejected', 'PUSH_CHANGED_HANDS')
  await deps.push.send({ endpoint: browser.endpoint, keys: { p256dh: browser.p256dh, auth: browser.auth } }, m.template as NoticeTemplate, m.params, browser.language)
  return { providerId: null }
}

/** Sends one message at once (a sign-in code, while the person waits); another worker may hold it. */
export async function deliverNow(deps: Deps, id: string): Promise<Outcome> {
  const [m] = await claim(deps, { id, limit: 1 })
  return m ? deliver(deps, m) : 'retrying'
}

/**
 * Sends every due message, a batch at a time; run by the sweeper's loop in every instance. design:
 * texts and browser notices drain side by side, so a push service out of reach (up to 5 s a message)
 * never holds up the texts queued behind it.
 */
export async function runOutbox(deps: Deps, batch = 20): Promise<number> {
  await giveUpInterrupted(deps)
  // Both settle before an error is passed on: neither is left running unwatched (at shutdown, say).
  const [texts, notices] = await Promise.allSettled([drain(deps, 'sms', batch), drain(deps, 'push', batch)])
  if (texts.status === 'rejected')
    throw texts.reason
  if (notices.status === 'rejected')
    throw notices.reason
  return texts.value + notices.value
}

async function drain(deps: Deps, channel: Claimed['channel'], batch: number) {
  let handled = 0
  for (;;) {
    const claimed = await claim(deps, { channel, limit: batch })
    for (const m of claimed)
      await deliver(deps, m)
    handled += claimed.length
    if (claimed.length < batch)
      return handled
  }
}
