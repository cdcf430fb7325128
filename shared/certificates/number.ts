/**
 * 学历证明书编号 (design; format in docs/certificate-format.md):
 *
 *   2026-4141019911-K7QM-3XD9-P2H7
 *   year  school code  11 random Crockford base32 characters + 1 check character
 *
 * The year (Asia/Shanghai, of the issue date) and the school's 10-digit 学校标识码 tell a reader
 * where the certificate comes from; the 55 random bits make numbers impossible to guess or to
 * walk through (unlike the 核查单 serials), and the public check needs the holder's name as well.
 * The check character (ISO 7064's hybrid construction with M = 32) catches every single mistyped
 * character and most swaps of neighbours before anything is looked up.
 */

/** Crockford's base32: no I, L, O or U, so nothing reads as 1, 0 or a word. */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const VALUE = new Map(Array.from(CROCKFORD, (c, i) => [c, i]))
const RANDOM_CHARS = 11

/** The canonical spelling, with hyphens. */
export const CERTIFICATE_NUMBER_PATTERN = /^\d{4}-\d{10}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/

/** ISO 7064 hybrid system MOD 33,32 over Crockford values: the character that completes `body`. */
export function checkCharacter(body: string): string {
  const M = 32
  let p = M
  for (const c of body) {
    const v = VALUE.get(c)
    if (v === undefined)
      throw new RangeError(`not a Crockford base32 character: ${c}`)
    let s = (p + v) % M
    if (s === 0)
      s = M
    p = (2 * s) % (M + 1)
  }
  return CROCKFORD[(M + 1 - p) % M]!
}

const group = (raw: string) => `${raw.slice(0, 4)}-${raw.slice(4, 14)}-${raw.slice(14, 18)}-${raw.slice(18, 22)}-${raw.slice(22, 26)}`

/**
 * A new certificate number. `random` must hold at least 11 uniformly random bytes
 * (each byte's low five bits are used: 256 is a multiple of 32, so they stay uniform).
 */
export function newCertificateNumber(year: number, schoolCode: string, random: Uint8Array = crypto.getRandomValues(new Uint8Array(RANDOM_CHARS))): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999)
    throw new RangeError(`year must have four digits, got ${year}`)
  if (!/^\d{1,10}$/.test(schoolCode))
    throw new RangeError(`school code must be up to 10 digits, got ${schoolCode}`)
  if (random.length < RANDOM_CHARS)
    throw new RangeError(`need ${RANDOM_CHARS} random bytes`)
  let body = `${year}${schoolCode.padStart(10, '0')}`
  for (let i = 0; i < RANDOM_CHARS; i++) body += CROCKFORD[random[i]! & 31]
  return group(body + checkCharacter(body))
}

const compact = (raw: string) => raw.normalize('NFKC').toUpperCase().replace(/[\s\-_.·—–‐]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')

/**
 * Reads a number as people type it: full-width characters, lower case, spaces and any dashes,
 * and the letters O, I, L for 0, 1, 1. Gives the canonical spelling, or null when it cannot be
 * a certificate number (wrong length or characters, or the check character does not match).
 */
export function normalizeCertificateNumber(raw: string): string | null {
  return certificateNumberProblem(raw) ? null : group(compact(raw))
}

/**
 * Why a typed number cannot be a certificate number, so the person is told what to look at:
 * its length, a character that never appears in one, or a check character that does not match
 * (a mistyped or swapped character somewhere). null when it is well formed.
 */
export function certificateNumberProblem(raw: string): 'length' | 'characters' | 'check' | null {
  const s = compact(raw)
  if (s.length !== 26)
    return 'length'
  if (!/^\d{14}[0-9A-HJKMNP-TV-Z]{12}$/.test(s))
    return 'characters'
  return checkCharacter(s.slice(0, 25)) === s[25] ? null : 'check'
}
