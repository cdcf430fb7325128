import type { Db } from '../db/client.ts'
import type { Env } from '../env.ts'
import type { SmsGateway } from '../sms/gateway.ts'
import { smsOutbox } from '../db/schema/index.ts'
import { aliyunGateway } from '../sms/aliyun.ts'
import { renderSms } from '../sms/gateway.ts'
import { tencentGateway } from '../sms/tencent.ts'

export type { SmsGateway as SmsSender } from '../sms/gateway.ts'

/** Demo mode only: the "phone" is a table, shown on the demo page and /api/dev/sms-outbox. */
export function outboxSender(db: Db): SmsGateway {
  return {
    name: 'outbox',
    async send(message) {
      const [row] = await db.insert(smsOutbox).values({ phone: message.phone, body: renderSms(message) }).returning({ id: smsOutbox.id })
      return { providerId: row?.id ?? null }
    },
  }
}

/** The gateway SMS_SENDER names (server/env.ts checks its settings). */
export function smsGateway(env: Env, db: Db): SmsGateway {
  switch (env.SMS_SENDER) {
    case 'aliyun': return aliyunGateway(env)
    case 'tencent': return tencentGateway(env)
    case 'outbox': return outboxSender(db)
  }
}
