import { z } from 'zod'

/**
 * The kinds of SMS notice a person can turn on or off. Citizens hear about the steps of their own
 * complaint, correction or certificate request (受理, 退回/不予受理, 需补充材料, 督办, 办结); officers
 * about their work falling due or overdue.
 */
export const noticeKinds = ['accepted', 'rejected', 'infoRequested', 'supervised', 'closed', 'dueSoon', 'overdue'] as const
export type NoticeKind = (typeof noticeKinds)[number]
export type AccountKind = 'citizen' | 'officer'

export const noticeAudience: Record<NoticeKind, AccountKind> = {
  accepted: 'citizen',
  rejected: 'citizen',
  infoRequested: 'citizen',
  supervised: 'citizen',
  closed: 'citizen',
  dueSoon: 'officer',
  overdue: 'officer',
}

/** The kinds a person of this kind of account can choose, in the order the settings screen lists them. */
export const kindsFor = (who: AccountKind) => noticeKinds.filter(k => noticeAudience[k] === who)

// design: a citizen is told about their own case unless they turn it off; an officer already sees due
// dates on the desk every working day, so an SMS about them is something they ask for (opt in).
export const noticeDefault = (who: AccountKind) => who === 'citizen'

/** Whether a notice of `kind` goes to this person, given the choices they saved (absent: the default). */
export function noticeWanted(kind: NoticeKind, who: AccountKind, saved: ReadonlyMap<NoticeKind, boolean> | undefined): boolean {
  if (noticeAudience[kind] !== who)
    return false
  return saved?.get(kind) ?? noticeDefault(who)
}

export const noticePreferencesInput = z.object({
  preferences: z.array(z.object({ kind: z.enum(noticeKinds), enabled: z.boolean() })).min(1).max(noticeKinds.length),
})
export type NoticePreferencesInput = z.infer<typeof noticePreferencesInput>

const base64url = (min: number, max: number) => z.string().min(min).max(max).regex(/^[\w-]+=*$/, '格式不对')

/** A browser's Web Push subscription (PushSubscription.toJSON()) and the kinds its owner wants on it. */
export const pushSubscriptionInput = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).max(2000),
  keys: z.object({ p256dh: base64url(80, 100), auth: base64url(16, 32) }),
  // Empty: this browser is to be woken for nothing (the subscription is removed).
  kinds: z.array(z.enum(noticeKinds)).max(noticeKinds.length),
  // The app's language on this browser: a notice shown by the phone itself is worded in it (absent: Chinese).
  language: z.enum(['zh-CN', 'en']).optional(),
})

/**
 * What an in-app notice's Chinese words were made from: values, codes (`category`, `fields`, `step`,
 * `loss`, `system`) and `variant`, which picks the template's wording, so the app can word the notice
 * in the reader's language (app/features/notifications/noticeWords.ts; issue 13).
 */
export const noticeParamsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string()), z.object({ unit: z.string(), role: z.string() })]))
/** As written: a `variant` or value left undefined is not stored. */
export type NoticeParams = Partial<z.infer<typeof noticeParamsSchema>>
