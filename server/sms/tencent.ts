import type { Env } from '../env.ts'
import type { SmsGateway } from './gateway.ts'
import * as tencentSms from 'tencentcloud-sdk-nodejs-sms'
import { isNetworkFailure, SmsFailure, smsTemplates, templateId } from './gateway.ts'

const Client = tencentSms.sms.v20210111.Client

// Codes from https://cloud.tencent.com/document/api/382/55981: limits and server trouble are worth a retry later.
const throttling = /^(?:RequestLimitExceeded|LimitExceeded|FailedOperation\.InsufficientBalanceInSmsPackage)/
const unavailable = /^(?:InternalError|ServiceUnavailable)/

/** Tencent Cloud SMS (SendSms, API 2021-01-11) through the official SDK. */
export function tencentGateway(env: Env): SmsGateway {
  const endpoint = env.SMS_ENDPOINT ? new URL(env.SMS_ENDPOINT) : null
  const client = new Client({
    credential: { secretId: env.SMS_ACCESS_KEY_ID, secretKey: env.SMS_ACCESS_KEY_SECRET },
    region: env.SMS_REGION,
    profile: {
      httpProfile: {
        endpoint: endpoint?.host ?? 'sms.tencentcloudapi.com',
        protocol: endpoint?.protocol === 'http:' ? 'http://' : 'https://',
        reqTimeout: Math.ceil(env.SMS_TIMEOUT_MS / 1000),
      },
    },
  })
  return {
    name: 'tencent',
    async send(message) {
      const template = templateId(env, message.template)
      let answer
      try {
        answer = await client.SendSms({
          SmsSdkAppId: env.SMS_APP_ID!,
          SignName: env.SMS_SIGN_NAME,
          TemplateId: template,
          // Tencent templates number their parameters {1}, {2}…: the order smsTemplates declares.
          TemplateParamSet: smsTemplates[message.template].map(name => message.params[name] ?? ''),
          PhoneNumberSet: [`+86${message.phone}`],
        })
      }
      catch (e) {
        const code = String((e as { code?: unknown }).code ?? '')
        if (throttling.test(code))
          throw new SmsFailure('throttled', code)
        if (unavailable.test(code) || isNetworkFailure(e))
          throw new SmsFailure('unavailable', code || 'NETWORK')
        throw new SmsFailure('rejected', code || 'UNKNOWN')
      }
      const status = answer.SendStatusSet?.[0]
      if (status?.Code === 'Ok')
        return { providerId: status.SerialNo ?? null }
      const code = status?.Code ?? 'NO_ANSWER'
      throw new SmsFailure(throttling.test(code) ? 'throttled' : 'rejected', code)
    },
  }
}
