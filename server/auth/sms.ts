import type { Db } from '../db/client.ts'
import { smsOutbox } from '../db/schema/index.ts'

/** Delivers a text message. A real gateway implements this; the demo ships the outbox. */
export interface SmsSender {
  send: (phone: string, body: string) => Promise<void>
}

/** Demo mode only: messages are stored and shown on the demo page and /api/dev/sms-outbox. */
export function outboxSender(db: Db): SmsSender {
  return {
    async send(phone, body) {
      await db.insert(smsOutbox).values({ phone, body })
    },
  }
}
