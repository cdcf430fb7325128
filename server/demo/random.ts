// Deterministic randomness for the demo data: the same seed always yields the same rows,
// and every student draws from its own stream, so any slice can be regenerated alone
// (streaming a million students, or the featured ones without the database).

/** A 32-bit integer hash of several integers (murmur3 finaliser per step). */
export function hash32(...parts: number[]): number {
  let h = 0x9E3779B9
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85EBCA6B)
    h ^= h >>> 13
    h = Math.imul(h, 0xC2B2AE35)
    h ^= h >>> 16
  }
  return h >>> 0
}

export class Rng {
  private state: number
  constructor(...key: number[]) {
    this.state = hash32(...key)
  }

  /** mulberry32: uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6D2B79F5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!
  }

  /** Picks from [value, weight] pairs. */
  weighted<T>(list: readonly (readonly [T, number])[]): T {
    const total = list.reduce((s, [, w]) => s + w, 0)
    let x = this.next() * total
    for (const [v, w] of list) {
      x -= w
      if (x < 0)
        return v
    }
    return list[list.length - 1]![0]
  }

  digits(n: number): string {
    let s = ''
    for (let k = 0; k < n; k++) s += String(this.int(0, 9))
    return s
  }
}

/**
 * A bijection of [0, n): distinct inputs give distinct outputs, which is how ID numbers, phones
 * and diploma numbers stay unique without remembering any. x is split into (x mod a, x div a)
 * and sheared back and forth with hashes (a Feistel-like network), so neighbours land far apart
 * and no digit follows a visible pattern.
 */
export function permutation(n: number, salt = 0): (i: number) => number {
  let a = Math.floor(Math.sqrt(n))
  while (n % a !== 0) a--
  const b = n / a
  return (i) => {
    let lo = i % a
    let hi = (i - lo) / a
    for (let round = 0; round < 4; round++) {
      lo = (lo + hash32(salt, round, hi)) % a
      hi = (hi + hash32(salt, round + 8, lo)) % b
    }
    return lo + a * hi
  }
}

/** A UUID (version 4 layout) derived from the key, so a row's id is as stable as its content. */
export function stableUuid(...key: number[]): string {
  const hex = [0, 1, 2, 3].map(k => hash32(...key, k).toString(16).padStart(8, '0')).join('')
  const variant = (8 + (Number.parseInt(hex[16]!, 16) & 3)).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

export const pad = (n: number, width: number) => String(n).padStart(width, '0')

const DAY_MS = 86_400_000

/** Days since 1970-01-01 for an ISO date (UTC arithmetic: calendar dates only). */
export const dayNumber = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS)
export const isoFromDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10)
