import type { Env } from '../env.ts'
import type { SmsGateway } from './gateway.ts'
import * as Dysms from '@alicloud/dysmsapi20170525'
import { isNetworkFailure, SmsFailure, templateId } from './gateway.ts'

// The package is CommonJS (exports.default = the client, models beside it): Node's ESM loader puts the
// whole exports object under `default`, vitest's loader the client itself. Take both apart the same way.
type Module = typeof Dysms
const loaded = Dysms as unknown as { default: Module['default'] | Module }
const sdk: Module = typeof loaded.default === 'function' ? Dysms : loaded.default as Module
const Client = sdk.default

// Codes from https://help.aliyun.com/zh/sms/developer-reference/api-error-codes: limits are worth a retry later.
const throttling = /^(?:Throttling|isv\.BUSINESS_LIMIT_CONTROL|isv\.DAY_LIMIT_CONTROL|isv\.AMOUNT_NOT_ENOUGH)/

/** Alibaba Cloud SMS (SendSms, API 2017-05-25) through the official SDK. */
export function aliyunGateway(env: Env): SmsGateway {
  const endpoint = env.SMS_ENDPOINT ? new URL(env.SMS_ENDPOINT) : null
  const client = new Client({
    accessKeyId: env.SMS_ACCESS_KEY_ID,
    accessKeySecret: env.SMS_ACCESS_KEY_SECRET,
    endpoint: endpoint?.host ?? 'dysmsapi.aliyuncs.com',
    protocol: endpoint?.protocol === 'http:' ? 'http' : 'https',
    readTimeout: env.SMS_TIMEOUT_MS,
    connectTimeout: env.SMS_TIMEOUT_MS,
  } as ConstructorParameters<typeof Client>[0])
  return {
    name: 'aliyun',
    async send(message) {
      const request = new sdk.SendSmsRequest({
        phoneNumbers: message.phone,
        signName: env.SMS_SIGN_NAME,
        templateCode: templateId(env, message.template),
        templateParam: JSON.stringify(message.params),
      })
      let body
      try {
        // The outbox retries with its own backoff: the SDK must not retry behind it.
        body = (await client.sendSmsWithOptions(request, { autoretry: false, readTimeout: env.SMS_TIMEOUT_MS, connectTimeout: env.SMS_TIMEOUT_MS } as never)).body
      }
      catch (e) {
        const code = String((e as { code?: unknown }).code ?? '')
        const status = Number((e as { statusCode?: unknown }).statusCode ?? (e as { data?: { statusCode?: unknown } }).data?.statusCode ?? 0)
        if (throttling.test(code) || status === 429)
          throw new SmsFailure('throttled', code || 'HTTP429')
        if (status >= 500 || isNetworkFailure(e))
          throw new SmsFailure('unavailable', code || (status ? `HTTP${status}` : 'NETWORK'))
        throw new SmsFailure('rejected', code || `HTTP${status}`)
      }
      if (body?.code === 'OK')
        return { providerId: body.bizId ?? null }
      const code = body?.code ?? 'NO_ANSWER'
      throw new SmsFailure(throttling.test(code) ? 'throttled' : 'rejected', code)
    },
  }
}
