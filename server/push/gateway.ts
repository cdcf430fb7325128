import type { Agent } from 'node:https'
import type { Locale } from '#shared/recordFields.ts'
import type { Db } from '../db/client.ts'
import type { Env } from '../env.ts'
import type { NoticeTemplate } from '../sms/gateway.ts'
import { eq } from 'drizzle-orm'
import webpush from 'web-push'
import { signingKeys } from '../db/schema/index.ts'
import { renderSms, SmsFailure } from '../sms/gateway.ts'

/** A browser's subscription, as the Push API hands it over. */
export interface PushTarget { endpoint: string, keys: { p256dh: string, auth: string } }

/** Sends one encrypted message (RFC 8291, aes128gcm) to a push service; throws SmsFailure ('gone' for 404/410). */
export interface PushSender {
  publicKey: () => Promise<string>
  send: (target: PushTarget, template: NoticeTemplate, params: Record<string, string>, language?: PushLanguage) => Promise<void>
}
export type PushLanguage = Locale

const VAPID_KEY_ID = 'vapid-1'
// design: push services keep a message a day for a phone that is off; after that the inbox has it.
const TTL_SECONDS = 24 * 3600

/**
 * The server's VAPID key pair (RFC 8292), made the first time any instance needs it and kept beside the
 * certificate key, as base64url (web-push's format), so every instance signs with the same key.
 */
async function vapidKeys(db: Db) {
  const [existing] = await db.select().from(signingKeys).where(eq(signingKeys.id, VAPID_KEY_ID))
  if (existing)
    return { publicKey: existing.publicKey, privateKey: existing.privateKey }
  const made = webpush.generateVAPIDKeys()
  await db.insert(signingKeys).values({ id: VAPID_KEY_ID, ...made }).onConflictDoNothing({ target: signingKeys.id })
  const [stored] = await db.select().from(signingKeys).where(eq(signingKeys.id, VAPID_KEY_ID))
  return { publicKey: stored!.publicKey, privateKey: stored!.privateKey }
}

/** Where a notice opens the app: officers at their work, everyone else at the inbox. */
const opens = (template: NoticeTemplate) => (template === 'workDueSoon' || template === 'workOverdue' ? '/officer' : '/inbox')

// The SMS templates' words in English, for a browser whose app is in English. design: texts stay in
// Chinese, the only words registered with the SMS providers; the phone shows a push as it is sent.
const englishWords: Record<NoticeTemplate, (p: Record<string, string>) => string> = {
  complaintAccepted: p => `Your complaint of ${p.date} was accepted: check sheet ${p.number}, to be settled by ${p.due}.`,
  complaintRejected: p => `Your complaint of ${p.date} was not accepted. Open Xuejitong to see why.`,
  complaintInfoRequested: p => `Your complaint of ${p.date} needs more material. Open Xuejitong to see what, and reply.`,
  complaintSupervised: p => `Your complaint of ${p.date} is supervised from the level above: supervision sheet ${p.number}, to be settled by ${p.due}.`,
  complaintClosed: p => `Your complaint of ${p.date} is closed. Open Xuejitong to see the outcome and rate it.`,
  correctionRefused: p => `Your correction request of ${p.date} was not approved. Open Xuejitong to see why.`,
  correctionApproved: p => `Your correction request of ${p.date} is approved: the record shows the new value once the school enters it in the official registry.`,
  certificateRefused: p => `Your diploma certificate request of ${p.date} was not approved. Open Xuejitong to see why.`,
  certificateIssued: p => `Your diploma certificate requested on ${p.date} is issued, No. ${p.number}. Download it in Xuejitong.`,
  workDueSoon: p => `${p.number}, which you handle, is due by ${p.due}. Please act in time.`,
  workOverdue: p => `${p.number}, which you handle, passed its time limit (${p.due}). Please act now.`,
}

/**
 * The notification itself: the SMS template's words (numbers, dates and codes only, never a name or an
 * ID number: server/features/notifications/sms.ts checks the parameters), in the language of the app
 * on that browser, and where a tap opens the app.
 * Exported for the browser test that hands it to the service worker (test/browser/pushNotice.test.ts).
 */
export function pushPayload(template: NoticeTemplate, params: Record<string, string>, language: PushLanguage = 'zh-CN') {
  const english = language === 'en'
  const body = english ? englishWords[template](params) : renderSms({ phone: '', template, params }).replace(/^【学籍通】/, '')
  return JSON.stringify({ title: english ? 'Xuejitong' : '学籍通', body, url: opens(template), tag: template })
}

/** `agent`: how push services are reached (web-push speaks https only): a proxy's, or a test's own CA. */
export function pushGateway(env: Env, db: Db, agent?: Agent): PushSender {
  let keys: ReturnType<typeof vapidKeys> | null = null
  const loaded = () => (keys ??= vapidKeys(db).catch((e) => { keys = null; throw e }))
  // The contact push services may use about this sender: the app's https address, else a mailbox.
  const subject = env.PUBLIC_ORIGIN?.startsWith('https:') ? env.PUBLIC_ORIGIN : 'mailto:webpush@xuejitong.invalid'
  return {
    publicKey: async () => (await loaded()).publicKey,
    async send(target, template, params, language) {
      const vapid = await loaded()
      try {
        await webpush.sendNotification(target, pushPayload(template, params, language), {
          vapidDetails: { subject, ...vapid },
          TTL: TTL_SECONDS,
          timeout: Math.min(env.SMS_TIMEOUT_MS, 5000), // a push service out of reach must not hold up the SMS behind it
          ...(agent ? { agent } : {}),
        })
      }
      catch (e) {
        const status = (e as { statusCode?: number }).statusCode ?? 0
        if (status === 404 || status === 410)
          throw new SmsFailure('rejected', `PUSH_GONE_${status}`)
        if (status === 429)
          throw new SmsFailure('throttled', 'PUSH_429')
        throw new SmsFailure(status >= 400 && status < 500 ? 'rejected' : 'unavailable', `PUSH_${status || 'NETWORK'}`)
      }
    },
  }
}
