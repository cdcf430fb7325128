// base64url without padding (RFC 4648 §5), in plain JavaScript so browser and Node agree.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const VALUE = new Map(Array.from(ALPHABET, (c, i) => [c, i]))

export function toBase64url(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6))
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63]
  }
  return out
}

/** Decodes unpadded base64url; null for any other character, a stray length or non-zero trailing bits. */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (text.length % 4 === 1)
    return null
  const out = new Uint8Array(Math.floor((text.length * 6) / 8))
  let bits = 0
  let acc = 0
  let j = 0
  for (const c of text) {
    const v = VALUE.get(c)
    if (v === undefined)
      return null
    acc = (acc << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[j++] = (acc >> bits) & 255
    }
    acc &= (1 << bits) - 1
  }
  // Canonical encodings only: the leftover bits must be zero, so one byte string has one spelling.
  return acc === 0 ? out : null
}
