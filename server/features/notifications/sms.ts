import type { AccountKind, NoticeKind } from '#shared/notices.ts'
import type { Tx } from '../../db/client.ts'
import type { NoticeTemplate } from '../../sms/gateway.ts'
import { and, inArray } from 'drizzle-orm'
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
 * Queues one SMS per recipient who wants each notice's kind (and a Web Push message per browser they
 * asked to be woken on), in the step's own transaction: a step that rolls back sends nothing, and the
 * idempotency key lets each step and recipient have one message. Recipients, their choices and their
 * browsers are read once for all the notices (a sweep's batch), and every message is queued by one insert.
 */
export async function enqueueNotices(tx: Tx, notices: { accountIds: string[], sms: SmsNotice }[], at: Date) {
  const ids = [...new Set(notices.flatMap(n => n.accountIds))]
  if (ids.length === 0)
    return 0
  for (const { sms } of notices)
    assertSafeParams(sms.template, sms.params)
  const people = new Map((await tx.select({ id: accounts.id, kind: accounts.kind, phone: accounts.phone, officePhone: accounts.officePhone }).from(accounts).where(inArray(accounts.id, ids))).map(p => [p.id, p]))
  const saved = await choicesOf(tx, ids, [...new Set(notices.map(n => templateKind[n.sms.template]))])
  const browsers = await tx.select({ id: pushSubscriptions.id, accountId: pushSubscriptions.accountId, kinds: pushSubscriptions.kinds }).from(pushSubscriptions).where(inArray(pushSubscriptions.accountId, ids))
  const rows = notices.flatMap(({ accountIds, sms }) => {
    const kind = templateKind[sms.template]
    const message = { template: sms.template, params: sms.params, nextAttemptAt: at, createdAt: at }
    const texts = [...new Set(accountIds)].flatMap((id) => {
      const p = people.get(id)
      const phone = p && mobileOf(p)
      return phone && noticeWanted(kind, p.kind as AccountKind, saved.get(id)) ? [{ ...message, channel: 'sms' as const, recipient: phone, idempotencyKey: `${sms.template}:${sms.ref}:${id}` }] : []
    })
    // One Web Push message per browser whose owner asked for this kind there (opt in, per kind).
    const pushes = browsers.filter(b => accountIds.includes(b.accountId) && b.kinds.includes(kind))
      .map(b => ({ ...message, channel: 'push' as const, recipient: b.id, forAccountId: b.accountId, idempotencyKey: `push:${sms.template}:${sms.ref}:${b.id}` }))
    return [...texts, ...pushes]
  })
  if (rows.length === 0)
    return 0
  const queued = await tx.insert(outboxMessages).values(rows).onConflictDoNothing({ target: outboxMessages.idempotencyKey }).returning({ id: outboxMessages.id })
  return queued.length
}

/** Each account's saved choices for these kinds of notice. */
async function choicesOf(tx: Tx, accountIds: string[], kinds: NoticeKind[]) {
  const choices = new Map<string, Map<NoticeKind, boolean>>()
  for (const r of await tx.select().from(noticePreferences).where(and(inArray(noticePreferences.accountId, accountIds), inArray(noticePreferences.kind, kinds))))
    choices.set(r.accountId, (choices.get(r.accountId) ?? new Map()).set(r.kind as NoticeKind, r.enabled))
  return choices
}
