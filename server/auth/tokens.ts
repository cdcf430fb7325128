import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto'

export const newToken = () => randomBytes(32).toString('base64url')
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')
export const smsCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0')
/** Codes are stored as an HMAC keyed by the server secret, bound to the phone. */
export function hashSmsCode(secret: string, phone: string, code: string) {
  return createHmac('sha256', secret).update(`${phone}:${code}`).digest('hex')
}
