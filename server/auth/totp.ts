import { Buffer } from 'node:buffer'
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
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

// design: TOTP secrets are sealed with AES-256-GCM under a key derived from SECRET, so a database
// dump alone does not hand out anyone's second factor.
const keyOf = (secret: string) => Buffer.from(hkdfSync('sha256', secret, 'xjt', 'totp-secret/v1', 32))

export function sealTotpSecret(secret: string, base32: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv)
  const sealed = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()])
  return ['v1', iv, cipher.getAuthTag(), sealed].map(p => (typeof p === 'string' ? p : p.toString('base64url'))).join('.')
}

export function openTotpSecret(secret: string, stored: string): string {
  const [version, iv, tag, sealed] = stored.split('.')
  if (version !== 'v1' || !iv || !tag || !sealed)
    throw new Error('unknown TOTP secret format')
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8')
}
