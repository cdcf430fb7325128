/**
 * The signed content of a 学历证明书 and the compact string the QR code carries, so anyone can
 * check a certificate offline against the published Ed25519 public key. Format, field list and
 * a worked example: docs/certificate-format.md. Pure and isomorphic: verification uses WebCrypto
 * (browsers with Ed25519, Node ≥ 20).
 */
import type { LossKind } from './statement.ts'
import { fromBase64url, toBase64url } from './base64url.ts'
import { canonicalJson } from './canonicalJson.ts'
import { CERTIFICATE_NUMBER_PATTERN } from './number.ts'

/** Prefix and version of the signed string: `xjt1.<content>.<signature>`. */
export const SIGNED_PREFIX = 'xjt1'

/**
 * What the school certifies and the server signs: the public facts only (DOMAIN §6). Short keys
 * keep the QR code small. The holder's birth date, gender and full ID number are printed on the
 * PDF for the holder but are not part of the signed, public content.
 */
export interface CertificateContent {
  /** content version */
  v: 1
  /** id of the signing key (GET /api/verify/public-key) */
  kid: string
  /** 学历证明书编号 */
  no: string
  /** issue date, YYYY-MM-DD in Asia/Shanghai */
  on: string
  /** 学校名称: the school that issued the diploma and this certificate */
  sch: string
  /** 姓名 */
  nm: string
  /** 身份证号, masked (first 6, last 4), or null when the record has none */
  id: string | null
  /** 证书编号 of the original diploma */
  dno: string
  /** 层次 */
  lv: string
  /** 专业, null when the registration has none */
  mj: string | null
  /** 学制 */
  len: string
  /** 学习形式 */
  fm: string
  /** 学习起止年月, YYYY-MM */
  from: string
  to: string
  /** 毕(结)业 */
  res: string
  /** why the certificate replaces the diploma: lost or damaged */
  why: LossKind
}

const CONTENT_KEYS = ['dno', 'fm', 'from', 'id', 'kid', 'len', 'lv', 'mj', 'nm', 'no', 'on', 'res', 'sch', 'to', 'v', 'why'] as const

/** The bytes that are signed: UTF-8 of the canonical JSON (RFC 8785) of the content. */
export function contentBytes(content: CertificateContent): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(canonicalJson(content))
}

/** `xjt1.<base64url of the signed bytes>.<base64url of the 64-byte signature>` */
export function encodeSignedPayload(content: CertificateContent, signature: Uint8Array | string): string {
  const sig = typeof signature === 'string' ? signature : toBase64url(signature)
  return `${SIGNED_PREFIX}.${toBase64url(contentBytes(content))}.${sig}`
}

function isContent(x: unknown): x is CertificateContent {
  if (typeof x !== 'object' || x === null || Array.isArray(x))
    return false
  const o = x as Record<string, unknown>
  const keys = Object.keys(o).sort()
  if (keys.length !== CONTENT_KEYS.length || keys.some((k, i) => k !== CONTENT_KEYS[i]))
    return false
  const str = (k: string) => typeof o[k] === 'string'
  return o.v === 1 && ['kid', 'no', 'on', 'sch', 'nm', 'dno', 'lv', 'len', 'fm', 'from', 'to', 'res'].every(str)
    && (o.id === null || str('id')) && (o.mj === null || str('mj')) && (o.why === 'lost' || o.why === 'damaged')
    && CERTIFICATE_NUMBER_PATTERN.test(o.no as string)
}

export type VerifyResult
  = | { ok: true, content: CertificateContent }
    | { ok: false, reason: 'format' | 'signature' | 'key' }

/**
 * Checks a signed payload against an Ed25519 public key (32 raw bytes, or their base64url):
 * the signature must be valid over the exact bytes carried, those bytes must be the canonical
 * JSON of a well-formed content, and, when `keyId` is given, the content must name that key.
 */
export async function verifySignedPayload(payload: string, publicKey: Uint8Array | string, keyId?: string): Promise<VerifyResult> {
  const parts = payload.trim().split('.')
  if (parts.length !== 3 || parts[0] !== SIGNED_PREFIX)
    return { ok: false, reason: 'format' }
  const bytes = fromBase64url(parts[1]!)
  const sig = fromBase64url(parts[2]!)
  const raw = typeof publicKey === 'string' ? fromBase64url(publicKey) : new Uint8Array(publicKey)
  if (!bytes || !sig || sig.length !== 64)
    return { ok: false, reason: 'format' }
  if (!raw || raw.length !== 32)
    return { ok: false, reason: 'key' }
  let key: Awaited<ReturnType<typeof crypto.subtle.importKey>>
  try {
    key = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify'])
  }
  catch {
    return { ok: false, reason: 'key' }
  }
  if (!await crypto.subtle.verify({ name: 'Ed25519' }, key, sig, bytes))
    return { ok: false, reason: 'signature' }
  let content: unknown
  try {
    content = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  }
  catch {
    return { ok: false, reason: 'format' }
  }
  // A signature is only accepted over the one canonical spelling of well-formed content.
  if (!isContent(content) || canonicalJson(content) !== new TextDecoder().decode(bytes))
    return { ok: false, reason: 'format' }
  if (keyId !== undefined && content.kid !== keyId)
    return { ok: false, reason: 'key' }
  return { ok: true, content }
}

/**
 * The address in the QR code: the public verification page `/verify/{number}` with the signed
 * payload in the fragment. Everything personal (the holder's name is inside the payload) stays
 * after the `#`, which browsers never send to a server: it reaches no access log, proxy or Referer.
 */
export function verificationUrl(origin: string, content: Pick<CertificateContent, 'no'>, signedPayload: string): string {
  return `${origin.replace(/\/+$/, '')}/verify/${content.no}#${signedPayload}`
}

/** Reads a verification address back: number, the holder's name from the payload (unverified), and the payload. */
export function parseVerificationUrl(url: string): { number: string, name: string | null, signedPayload: string | null } | null {
  let u: URL
  try {
    u = new URL(url)
  }
  catch {
    return null
  }
  const m = /^\/verify\/([^/]+)$/.exec(u.pathname)
  if (!m)
    return null
  const fragment = u.hash.replace(/^#/, '')
  const signedPayload = fragment.startsWith(`${SIGNED_PREFIX}.`) ? fragment : null
  return { number: decodeURIComponent(m[1]!), name: signedPayload ? unverifiedName(signedPayload) : null, signedPayload }
}

/** The holder's name as the payload states it, to fill in the form; the online check decides whether it is right. */
function unverifiedName(payload: string): string | null {
  const bytes = fromBase64url(payload.split('.')[1] ?? '')
  try {
    const content = bytes && JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as { nm?: unknown }
    return content && typeof content.nm === 'string' ? content.nm : null
  }
  catch {
    return null
  }
}
