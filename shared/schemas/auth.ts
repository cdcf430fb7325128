import { z } from 'zod'
import { line } from './text.ts'

export const phoneSchema = line().trim().regex(/^1[3-9]\d{9}$/, '请输入 11 位中国大陆手机号')

export const smsCodeSchema = line().trim().regex(/^\d{6}$/, '验证码是 6 位数字')

export const smsSendSchema = z.object({ phone: phoneSchema })
export const smsVerifySchema = z.object({ phone: phoneSchema, code: smsCodeSchema })

/** A 6-digit code from the officer's authenticator app (RFC 6238 TOTP). */
export const totpCodeSchema = line().trim().regex(/^\d{6}$/, '动态验证码是 6 位数字')

export const officerLoginSchema = z.object({
  username: line().trim().min(1, '请输入用户名').max(64),
  password: line().min(1, '请输入密码').max(256),
  // Sent when the officer has a second factor, or to get past a lock-out on their username or address.
  totp: totpCodeSchema.optional(),
})

// design: limits of the phone sign-in; the API tests assert them.
export const smsPolicy = {
  codeTtlSeconds: 5 * 60,
  maxAttempts: 5,
  resendAfterSeconds: 60,
  perPhonePerHour: 5,
  perIpPerHour: 20,
} as const

export const totpConfirmSchema = z.object({ code: totpCodeSchema })

/** The issue code a too-weak new password carries, in the API and in the app. */
export const WEAK_PASSWORD = 'WEAK_PASSWORD'

// design: a blocklist of what people type first; a password made from one of these words plus digits
// and symbols ("Password123!") is refused even though it mixes kinds of characters.
const commonWords = ['password', 'passw0rd', 'qwerty', 'qwertyuiop', 'asdfgh', 'zxcvbn', 'qazwsx', 'admin', 'welcome', 'iloveyou', 'woaini', 'abc', 'abcd', 'xuejitong', 'xueji', 'xjt', 'officer', 'changeme', 'letmein', 'zhongguo', 'china', 'henan']

/**
 * Why a new officer password is too weak, or null when it is strong enough: at least 10 characters
 * mixing three of lower case, upper case, digits and symbols (or a passphrase of 16 or more),
 * not a common word dressed up with digits, and not containing the username.
 */
export function passwordWeakness(password: string, username?: string): string | null {
  if (password.length < 10)
    return '密码至少需要 10 位'
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^a-z\d]/i].filter(k => k.test(password)).length
  if (kinds < 3 && password.length < 16)
    return '密码需包含大写字母、小写字母、数字、符号中的至少三种，或使用 16 位以上的短语'
  const letters = password.toLowerCase().replace(/[^a-z]/g, '')
  if (commonWords.includes(letters) || new Set(password).size < 5)
    return '这个密码太常见，容易被猜到，请换一个'
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase()))
    return '密码不能包含用户名'
  return null
}

export const newPasswordSchema = line().max(128, '密码请控制在 128 位以内').superRefine((value, ctx) => {
  const weakness = passwordWeakness(value)
  if (weakness)
    ctx.addIssue({ code: 'custom', message: weakness, params: { code: WEAK_PASSWORD } })
})

export const passwordChangeSchema = z.object({
  currentPassword: line().min(1, '请输入当前密码').max(256),
  newPassword: newPasswordSchema,
})
