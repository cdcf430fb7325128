import { z } from 'zod'
import { line } from './text.ts'

export const phoneSchema = line().trim().regex(/^1[3-9]\d{9}$/, '请输入 11 位中国大陆手机号')

export const smsCodeSchema = line().trim().regex(/^\d{6}$/, '验证码是 6 位数字')

export const smsSendSchema = z.object({ phone: phoneSchema })
export const smsVerifySchema = z.object({ phone: phoneSchema, code: smsCodeSchema })

export const officerLoginSchema = z.object({
  username: line().trim().min(1, '请输入用户名').max(64),
  password: line().min(1, '请输入密码').max(256),
})

// design: limits of the phone sign-in; the API tests assert them.
export const smsPolicy = {
  codeTtlSeconds: 5 * 60,
  maxAttempts: 5,
  resendAfterSeconds: 60,
  perPhonePerHour: 5,
  perIpPerHour: 20,
} as const
