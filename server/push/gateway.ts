import type { Agent } from 'node:https'
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
  send: (target: PushTarget, template: NoticeTemplate, params: Record<string, string>) => Promise<void>
}

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

/**
 * The notification itself: the SMS template's words (numbers, dates and codes only, never a name or an
 * ID number: server/features/notifications/sms.ts checks the parameters) and where a tap opens the app.
 * Exported for the browser test that hands it to the service worker (test/browser/pushNotice.test.ts).
 */
export function pushPayload(template: NoticeTemplate, params: Record<string, string>) {
  const body = renderSms({ phone: '', template, params }).replace(/^【学籍通】/, '')
  return JSON.stringify({ title: '学籍通', body, url: opens(template), tag: template })
}

/** `agent`: how push services are reached (web-push speaks https only): a proxy's, or a test's own CA. */
export function pushGateway(env: Env, db: Db, agent?: Agent): PushSender {
  let keys: ReturnType<typeof vapidKeys> | null = null
  const loaded = () => (keys ??= vapidKeys(db).catch((e) => { keys = null; throw e }))
  // The contact push services may use about this sender: the app's https address, else a mailbox.
  const subject = env.PUBLIC_ORIGIN?.startsWith('https:') ? env.PUBLIC_ORIGIN : 'mailto:webpush@xuejitong.invalid'
  return {
    publicKey: async () => (await loaded()).publicKey,
    async send(target, template, params) {
      const vapid = await loaded()
      try {
        await webpush.sendNotification(target, pushPayload(template, params), {
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
