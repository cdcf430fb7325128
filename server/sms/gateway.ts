/** The templates registered with the provider: parameters only, never free text (nor an ID number). */
export const smsTemplates = {
  // 【学籍通】您的验证码是 ${code}，5 分钟内有效。请勿告诉他人。
  signInCode: ['code'],
} as const satisfies Record<string, readonly string[]>
export type SmsTemplate = keyof typeof smsTemplates

export interface SmsMessage {
  phone: string
  template: SmsTemplate
  params: Record<string, string>
}

/**
 * Why a provider did not take a message: `rejected` will not change on a retry (bad number, template,
 * signature, account), `throttled` and `unavailable` (timeout, 5xx, refused connection) may.
 * The message carries the provider's code only, never the phone or parameters.
 */
export class SmsFailure extends Error {
  constructor(readonly kind: 'rejected' | 'throttled' | 'unavailable', readonly providerCode: string) {
    super(`SMS ${kind}: ${providerCode}`)
  }
}

/** Hands one message to a provider; resolves with the provider's id for it, or throws SmsFailure. */
export interface SmsGateway {
  name: 'outbox' | 'aliyun' | 'tencent'
  send: (message: SmsMessage) => Promise<{ providerId: string | null }>
}

/** The text of a message, as the registered template reads (the demo shows it; providers render their own). */
export function renderSms(message: SmsMessage): string {
  switch (message.template) {
    case 'signInCode':
      return `【学籍通】您的验证码是 ${message.params.code}，5 分钟内有效。请勿告诉他人。`
  }
}

/** A network-level failure (timeout, refused, reset) as any SDK surfaces it. */
export function isNetworkFailure(e: unknown): boolean {
  const text = `${(e as { code?: unknown })?.code ?? ''} ${(e as { name?: unknown })?.name ?? ''} ${(e as Error)?.message ?? ''}`
  return /timed? ?out|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|socket hang up|EPIPE|network|fetch failed|aborted/i.test(text)
}
