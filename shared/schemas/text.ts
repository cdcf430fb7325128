import { z } from 'zod'

// Characters nobody types into a form: C0/C1 control characters (a NUL breaks PostgreSQL text),
// lone surrogates (not text at all), and bidirectional overrides that make a name read
// differently from how it is stored. Newlines and tabs are allowed only in multi-line text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const neverAllowed = /[\0-\x08\v\f\x0E-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069\p{Cs}]/u
const lineBreaks = /[\n\r\t]/

/** The issue code every refusal of such characters carries, in the API and in the app. */
export const CONTROL_CHARACTER = 'CONTROL_CHARACTER'
const refusal = { message: '内容含有无法识别的控制字符，请删除后重新输入', params: { code: CONTROL_CHARACTER } }

export function hasForbiddenCharacters(value: string, multiline = true): boolean {
  return neverAllowed.test(value) || (!multiline && lineBreaks.test(value))
}

/** One line of text a person typed (a name, a number, a search). */
export function line(opts?: { error?: string }) {
  return z.string(opts).refine(v => !hasForbiddenCharacters(v, false), refusal)
}

/** Text that may run over several lines (an account of what happened). */
export const multiline = () => z.string().refine(v => !hasForbiddenCharacters(v), refusal)

/** Free text, trimmed, between `min` and `max` characters, with messages naming `what`. */
export function text(min: number, max: number, what: string) {
  return multiline().trim().min(min, `请填写${what}`).max(max, `${what}请控制在 ${max} 字以内`)
}

/** Walks parsed JSON (or query values) and says whether any string, key or value, holds such characters. */
export function containsForbiddenCharacters(value: unknown, depth = 0): boolean {
  if (typeof value === 'string')
    return hasForbiddenCharacters(value)
  if (depth > 64 || value === null || typeof value !== 'object')
    return false
  if (Array.isArray(value))
    return value.some(v => containsForbiddenCharacters(v, depth + 1))
  return Object.entries(value).some(([k, v]) => hasForbiddenCharacters(k) || containsForbiddenCharacters(v, depth + 1))
}
