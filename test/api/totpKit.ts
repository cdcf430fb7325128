import type { TestServer, Visitor } from './harness.ts'
import { Secret, TOTP } from 'otpauth'
import { PASSWORD } from './complaintsKit.ts'

/** The code an authenticator app shows for `secret` at the test server's clock. */
export function codeNow(s: TestServer, secret: string) {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: s.clock.now.getTime() })
}

/** A wrong code for `secret` right now (any other 6 digits). */
export const wrongCode = (s: TestServer, secret: string) => String((Number(codeNow(s, secret)) + 500_000) % 1_000_000).padStart(6, '0')

/** Signs in with the demo password (no code), as an officer about to enrol. */
export async function officerWithoutCode(s: TestServer, username: string, ip?: string) {
  const v = s.visitor(ip)
  const res = await v.api.auth.officer.$post({ json: { username, password: PASSWORD } })
  if (res.status !== 200)
    throw new Error(`${username} could not sign in: ${res.status} ${await res.text()}`)
  return v
}

/** Enrols the visitor's officer in TOTP from the profile page's two calls; returns the secret. */
export async function enrolTotp(s: TestServer, v: Visitor): Promise<string> {
  const started = await v.api.officer.security.totp.$post()
  if (started.status !== 200)
    throw new Error(`enrolment refused: ${await started.text()}`)
  const secret = (await started.json()).secret.replaceAll(' ', '')
  const confirmed = await v.api.officer.security.totp.confirm.$post({ json: { code: codeNow(s, secret) } })
  if (confirmed.status !== 200)
    throw new Error(`confirmation refused: ${await confirmed.text()}`)
  s.clock.advance(30_000) // the next code belongs to a later step: a code signs in once only
  return secret
}
