import { Secret, TOTP } from 'otpauth'

// RFC 6238 defaults (SHA-1, 6 digits, 30 s): the only settings every authenticator app reads.
const PERIOD_MS = 30_000
const totp = (base32: string, label = '') => new TOTP({ issuer: '学籍通', label, secret: Secret.fromBase32(base32), algorithm: 'SHA1', digits: 6, period: PERIOD_MS / 1000 })

export const newTotpSecret = () => new Secret({ size: 20 }).base32

/** The otpauth:// link an authenticator app reads from the QR code. */
export const totpUri = (base32: string, username: string) => totp(base32, username).toString()

/**
 * The 30-second step a code belongs to, accepting one step either side for a phone's clock drift,
 * or null. The caller claims the step so a code is accepted once only.
 */
export function totpStep(base32: string, code: string, now: Date): number | null {
  const delta = totp(base32).validate({ token: code, timestamp: now.getTime(), window: 1 })
  return delta === null ? null : Math.floor(now.getTime() / PERIOD_MS) + delta
}
