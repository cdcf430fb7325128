import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readEnv } from '../../server/env.ts'
import { aliyunGateway } from '../../server/sms/aliyun.ts'
import { SmsFailure } from '../../server/sms/gateway.ts'
import { tencentGateway } from '../../server/sms/tencent.ts'
import { startSmsProvider } from '../support/smsProvider.ts'

const settings = {
  DEMO: 'false',
  SECRET: 'q8Vf2LmZ0rT6yXw1bN4cJ7hK9sD3gP5a',
  DATA_KEY: 'k3mL8vQ2xR5tY9wB1nC4fH7jD0sG6aP2eU8iO3zX5yA=',
  SMS_ACCESS_KEY_ID: 'key-id',
  SMS_ACCESS_KEY_SECRET: 'key-secret',
  SMS_SIGN_NAME: '学籍通',
  SMS_TEMPLATE_SIGN_IN: 'SMS_471234567',
  SMS_TEMPLATE_COMPLAINT_ACCEPTED: 'SMS_471234501',
  SMS_APP_ID: '1400123456',
  SMS_TIMEOUT_MS: '500',
}
const message = { phone: '13912345678', template: 'signInCode' as const, params: { code: '482913' } }

const gateways = {
  aliyun: { make: aliyunGateway, phone: '13912345678', params: { code: '482913' }, action: 'SendSms' },
  tencent: { make: tencentGateway, phone: '+8613912345678', params: ['482913'], action: 'SendSms' },
}

describe.each(['aliyun', 'tencent'] as const)('the %s SMS gateway, through its official SDK, against a loopback provider (issue 11)', (kind) => {
  let provider: Awaited<ReturnType<typeof startSmsProvider>>
  let gateway: ReturnType<typeof aliyunGateway>
  beforeAll(async () => {
    provider = await startSmsProvider(kind)
    gateway = gateways[kind].make(readEnv({ ...settings, SMS_SENDER: kind, SMS_ENDPOINT: provider.url }))
  })
  afterAll(async () => { await provider.close() })

  const failure = async () => {
    try {
      await gateway.send(message)
    }
    catch (e) {
      return e as SmsFailure
    }
    throw new Error('the send succeeded')
  }

  it('sends SendSms with the phone, sign name, registered template and the code as its only parameter', async () => {
    const before = provider.requests.length
    expect((await gateway.send(message)).providerId).toMatch(/^(biz|serial)-/)
    expect(provider.requests.slice(before)).toEqual([{
      action: gateways[kind].action,
      phone: gateways[kind].phone,
      signName: '学籍通',
      template: 'SMS_471234567',
      params: gateways[kind].params,
      answer: 'ok',
    }])
  })

  it('a notice goes with its own registered template and its parameters in the declared order; an unregistered one is refused without a request', async () => {
    const before = provider.requests.length
    const notice = { phone: '13912345678', template: 'complaintAccepted' as const, params: { date: '2026-11-23', number: '410102-2026-HC0001', due: '2026-12-07' } }
    await gateway.send(notice)
    expect(provider.requests.slice(before)).toEqual([expect.objectContaining({
      template: 'SMS_471234501',
      params: kind === 'aliyun' ? notice.params : ['2026-11-23', '410102-2026-HC0001', '2026-12-07'],
    })])
    const unset = await gateway.send({ phone: '13912345678', template: 'complaintClosed', params: { date: '2026-11-23' } }).catch(e => e as SmsFailure)
    expect(unset).toMatchObject({ kind: 'rejected', providerCode: 'TEMPLATE_NOT_SET' })
    expect(provider.requests.length).toBe(before + 1)
  })

  it('a refused number is rejected (no retry), a rate limit is throttled, a server error is unavailable; each names the provider code only', async () => {
    provider.answer('reject')
    const rejected = await failure()
    expect(rejected).toBeInstanceOf(SmsFailure)
    expect(rejected.kind).toBe('rejected')
    provider.answer('throttle')
    expect((await failure()).kind).toBe('throttled')
    provider.answer('serverError')
    expect((await failure()).kind).toBe('unavailable')
    expect(rejected.message).not.toContain(message.phone)
  })

  it('a provider that never answers is unavailable once the timeout passes, and the SDK does not retry behind the outbox', async () => {
    const before = provider.requests.length
    provider.answer('timeout')
    const started = Date.now()
    expect((await failure()).kind).toBe('unavailable')
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(provider.requests.length - before).toBe(1)
  })
})
