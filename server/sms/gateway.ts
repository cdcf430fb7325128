import type { NoticeKind } from '#shared/notices.ts'

/**
 * The templates registered with the provider: parameters only, never free text (nor an ID number or
 * a name). `date` is the day a request was filed, `number` a sheet's or certificate's number (or a
 * request's short reference), `due` a 完成时限; the texts are in `renderSms`.
 */
export const smsTemplates = {
  signInCode: ['code'],
  complaintAccepted: ['date', 'number', 'due'],
  complaintRejected: ['date'],
  complaintInfoRequested: ['date'],
  complaintSupervised: ['date', 'number', 'due'],
  complaintClosed: ['date'],
  correctionRefused: ['date'],
  correctionApproved: ['date'],
  certificateRefused: ['date'],
  certificateIssued: ['date', 'number'],
  workDueSoon: ['number', 'due'],
  workOverdue: ['number', 'due'],
} as const satisfies Record<string, readonly string[]>
export type SmsTemplate = keyof typeof smsTemplates
export type NoticeTemplate = Exclude<SmsTemplate, 'signInCode'>

/** The kind of notice (a person's on/off choice) each notice template belongs to. */
export const templateKind: Record<NoticeTemplate, NoticeKind> = {
  complaintAccepted: 'accepted',
  complaintRejected: 'rejected',
  correctionRefused: 'rejected',
  certificateRefused: 'rejected',
  complaintInfoRequested: 'infoRequested',
  complaintSupervised: 'supervised',
  complaintClosed: 'closed',
  correctionApproved: 'closed',
  certificateIssued: 'closed',
  workDueSoon: 'dueSoon',
  workOverdue: 'overdue',
}

/** The setting (server/env.ts) holding each template's id as registered with the provider. */
export const templateSetting = {
  signInCode: 'SMS_TEMPLATE_SIGN_IN',
  complaintAccepted: 'SMS_TEMPLATE_COMPLAINT_ACCEPTED',
  complaintRejected: 'SMS_TEMPLATE_COMPLAINT_REJECTED',
  complaintInfoRequested: 'SMS_TEMPLATE_COMPLAINT_INFO_REQUESTED',
  complaintSupervised: 'SMS_TEMPLATE_COMPLAINT_SUPERVISED',
  complaintClosed: 'SMS_TEMPLATE_COMPLAINT_CLOSED',
  correctionRefused: 'SMS_TEMPLATE_CORRECTION_REFUSED',
  correctionApproved: 'SMS_TEMPLATE_CORRECTION_APPROVED',
  certificateRefused: 'SMS_TEMPLATE_CERTIFICATE_REFUSED',
  certificateIssued: 'SMS_TEMPLATE_CERTIFICATE_ISSUED',
  workDueSoon: 'SMS_TEMPLATE_WORK_DUE_SOON',
  workOverdue: 'SMS_TEMPLATE_WORK_OVERDUE',
} as const satisfies Record<SmsTemplate, `SMS_TEMPLATE_${string}`>

/**
 * The provider's id of a template. A notice template left unset is a configuration fault: the
 * message is refused (and shows among the province's failed messages), the sign-in code never is.
 */
export function templateId(env: Partial<Record<(typeof templateSetting)[SmsTemplate], string | undefined>>, template: SmsTemplate): string {
  const id = env[templateSetting[template]]
  if (!id)
    throw new SmsFailure('rejected', 'TEMPLATE_NOT_SET')
  return id
}

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
  const p = message.params
  switch (message.template) {
    case 'signInCode':
      return `【学籍通】您的验证码是 ${p.code}，5 分钟内有效。请勿告诉他人。`
    case 'complaintAccepted':
      return `【学籍通】您 ${p.date} 提交的投诉已受理，核查单 ${p.number}，完成时限 ${p.due}。`
    case 'complaintRejected':
      return `【学籍通】您 ${p.date} 提交的投诉未予受理，原因请登录学籍通查看。`
    case 'complaintInfoRequested':
      return `【学籍通】您 ${p.date} 提交的投诉需要补充材料，请登录学籍通查看并答复。`
    case 'complaintSupervised':
      return `【学籍通】您 ${p.date} 提交的投诉已由上级督办，督办单 ${p.number}，完成时限 ${p.due}。`
    case 'complaintClosed':
      return `【学籍通】您 ${p.date} 提交的投诉已办结，请登录学籍通查看结果并评价。`
    case 'correctionRefused':
      return `【学籍通】您 ${p.date} 提交的信息更正申请未获通过，原因请登录学籍通查看。`
    case 'correctionApproved':
      return `【学籍通】您 ${p.date} 提交的信息更正申请已批准，学校在官方学籍系统录入后即显示新的内容。`
    case 'certificateRefused':
      return `【学籍通】您 ${p.date} 提交的学历证明书申请未获通过，原因请登录学籍通查看。`
    case 'certificateIssued':
      return `【学籍通】您 ${p.date} 申请的学历证明书已出具，编号 ${p.number}，可登录学籍通下载。`
    case 'workDueSoon':
      return `【学籍通】您经办的 ${p.number} 将于 ${p.due} 到期，请及时办理。`
    case 'workOverdue':
      return `【学籍通】您经办的 ${p.number} 已超过办理时限 ${p.due}，请尽快办理。`
  }
}

/** A network-level failure (timeout, refused, reset) as any SDK surfaces it. */
export function isNetworkFailure(e: unknown): boolean {
  const text = `${(e as { code?: unknown })?.code ?? ''} ${(e as { name?: unknown })?.name ?? ''} ${(e as Error)?.message ?? ''}`
  return /timed? ?out|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|socket hang up|EPIPE|network|fetch failed|aborted/i.test(text)
}
