import type { AccountKind, NoticeKind } from '#shared/notices.ts'
import type { Tx } from '../../db/client.ts'
import type { NoticeTemplate } from '../../sms/gateway.ts'
import { and, arrayContains, eq, inArray } from 'drizzle-orm'
import { shanghaiDate } from '#shared/calendar/index.ts'
import { noticeWanted } from '#shared/notices.ts'
import { accounts, noticePreferences, outboxMessages, pushSubscriptions } from '../../db/schema/index.ts'
import { smsTemplates, templateKind } from '../../sms/gateway.ts'

/**
 * The SMS side of a notice: a registered template and its parameters, and `ref`, what makes the step
 * unique (a sheet's id, a request's id, a request's id and the time of the step).
 */
export interface SmsNotice { template: NoticeTemplate, params: Record<string, string>, ref: string }

// Parameters are numbers, dates and codes only: never a name, never free text, never a run of digits
// as long as an identity number (design: a message passes through the provider and sits on the phone).
const SAFE_PARAM = /^[\dA-Z-]{1,32}$/
const LONG_DIGITS = /\d{15}/

export function assertSafeParams(template: NoticeTemplate, params: Record<string, string>) {
  const names = smsTemplates[template] as readonly string[]
  for (const [name, value] of Object.entries(params)) {
    if (!names.includes(name) || !SAFE_PARAM.test(value) || LONG_DIGITS.test(value))
      throw new Error(`SMS template ${template}: parameter ${name} is not a plain number, date or code`)
  }
  for (const name of names) {
    if (!(name in params))
      throw new Error(`SMS template ${template}: parameter ${name} is missing`)
  }
}

/** The day a request was filed, as the person saw it (Asia/Shanghai). */
export const filedOn = (createdAt: Date) => shanghaiDate(createdAt)

/** A short reference for a request without a printed number (the first 8 characters of its id). */
export const shortRef = (id: string) => id.replaceAll('-', '').slice(0, 8).toUpperCase()

/** The mobile number an SMS reaches: a citizen's sign-in phone; an officer's phone, else a desk line that is a mobile. */
export function mobileOf(a: { phone: string | null, officePhone: string | null }) {
  if (a.phone)
    return a.phone
  const desk = a.officePhone?.replace(/[\s-]/g, '')
  return desk && /^1[3-9]\d{9}$/.test(desk) ? desk : null
}

/**
 * Queues one SMS per recipient who wants this kind of notice (and a Web Push message per browser they
 * asked to be woken on), in the step's own transaction: a step
 * that rolls back sends nothing, and the idempotency key lets each step and recipient have one message.
 */
export async function enqueueNotice(tx: Tx, accountIds: string[], sms: SmsNotice, at: Date) {
  if (accountIds.length === 0)
    return 0
  assertSafeParams(sms.template, sms.params)
  const kind = templateKind[sms.template]
  const people = await tx.select({ id: accounts.id, kind: accounts.kind, phone: accounts.phone, officePhone: accounts.officePhone }).from(accounts).where(inArray(accounts.id, accountIds))
  const saved = await choicesOf(tx, accountIds, kind)
  const rows = people.flatMap((p) => {
    const phone = mobileOf(p)
    if (!phone || !noticeWanted(kind, p.kind as AccountKind, saved.get(p.id)))
      return []
    return [{
      channel: 'sms' as const,
      recipient: phone,
      template: sms.template,
      params: sms.params,
      nextAttemptAt: at,
      createdAt: at,
      idempotencyKey: `${sms.template}:${sms.ref}:${p.id}`,
    }]
  })
  const pushed = await pushRows(tx, accountIds, sms, kind, at)
  if (rows.length + pushed.length === 0)
    return 0
  const queued = await tx.insert(outboxMessages).values([...rows, ...pushed]).onConflictDoNothing({ target: outboxMessages.idempotencyKey }).returning({ id: outboxMessages.id })
  return queued.length
}

/** One Web Push message per browser whose owner asked for this kind there (opt in, per kind). */
async function pushRows(tx: Tx, accountIds: string[], sms: SmsNotice, kind: NoticeKind, at: Date) {
  const browsers = await tx.select({ id: pushSubscriptions.id }).from(pushSubscriptions).where(and(inArray(pushSubscriptions.accountId, accountIds), arrayContains(pushSubscriptions.kinds, [kind])))
  return browsers.map(b => ({
    channel: 'push' as const,
    recipient: b.id,
    template: sms.template,
    params: sms.params,
    nextAttemptAt: at,
    createdAt: at,
    idempotencyKey: `push:${sms.template}:${sms.ref}:${b.id}`,
  }))
}

async function choicesOf(tx: Tx, accountIds: string[], kind: NoticeKind) {
  const rows = await tx.select().from(noticePreferences).where(and(inArray(noticePreferences.accountId, accountIds), eq(noticePreferences.kind, kind)))
  return new Map(rows.map(r => [r.accountId, new Map([[r.kind, r.enabled]])]))
}
