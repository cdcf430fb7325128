/**
 * Canonical JSON for signed certificate content: the JSON Canonicalization Scheme (RFC 8785)
 * restricted to what the content uses — objects, arrays, strings, integers, booleans and null.
 * Object keys are sorted by UTF-16 code units (JavaScript's default string order, as RFC 8785
 * says), there is no whitespace, and strings are escaped exactly as JSON.stringify does (which
 * is what RFC 8785 prescribes). Fractions, NaN, Infinity and undefined are refused rather than
 * canonicalised, so a verifier never has to agree with us on number formatting.
 */
export type CanonicalValue = string | number | boolean | null | CanonicalValue[] | { [key: string]: CanonicalValue }

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string')
    return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new TypeError(`canonicalJson: only safe integers are allowed, got ${value}`)
    return JSON.stringify(value)
  }
  if (Array.isArray(value))
    return `[${value.map(canonicalJson).join(',')}]`
  if (isPlainObject(value)) {
    const entries = Object.entries(value)
    for (const [k, v] of entries) {
      if (v === undefined)
        throw new TypeError(`canonicalJson: property "${k}" is undefined`)
    }
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  throw new TypeError(`canonicalJson: cannot serialise a ${typeof value}`)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null)
    return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}
