import type { Rng } from './random.ts'
import { idCheckCharacter } from '#shared/idNumber.ts'
import { henanRegions } from '#shared/regions/henan.ts'
import { ROADS, TOWNS, village } from './names.ts'
import { dayNumber, hash32, isoFromDay, pad, permutation } from './random.ts'
import { RETIRED_KAIFENG_COUNTY } from './world.ts'

// Identity numbers, phones and addresses that stay unique at a million students without
// remembering any: each student's (county, birth date, sequence) comes from a bijection of its index.

// design: the demo is "as of" the autumn term of school year 2026–27 and fixed, so the same seed
// gives the same rows on any day; move both lines on by a year to age the demo.
export const SCHOOL_YEAR = 2026
export const REFERENCE_DATE = '2026-11-01'
export const MAX_STUDENTS = 1_000_000

/** County-level divisions the demo's people are registered in: every county of 郑州 and 开封. */
export const COUNTIES = henanRegions.filter(r => r.parent === '410100' || r.parent === '410200')
const cityNames = new Map(henanRegions.map(r => [r.code, r.name]))

// Students are born from this year's first-graders back to the graduates of three years ago.
const FIRST_BIRTH = dayNumber(`${SCHOOL_YEAR - 25}-09-01`)
const BIRTH_DAYS = dayNumber(`${SCHOOL_YEAR - 6}-08-31`) - FIRST_BIRTH + 1
const SLOTS = COUNTIES.length * BIRTH_DAYS
/** Sequence numbers 0–399 (×2, +parity) for generated students, 400–449 featured students, 450–498 featured guardians. */
export const SEQ = { students: 400, featuredStudents: 400, featuredGuardians: 450, guardians: 450 } as const

const permutations = new Map<number, (i: number) => number>()
const slotPermutation = (seed: number) => permutations.get(seed) ?? permutations.set(seed, permutation(SLOTS, seed)).get(seed)!

export interface Slot { county: string, birthDate: string, seqIdx: number }

/** The j-th generated student's county of registration, birth date and sequence index, all distinct. */
export function studentSlot(seed: number, j: number): Slot {
  const r = j % SLOTS
  const q = Math.floor(j / SLOTS)
  const p = slotPermutation(seed)(r)
  return {
    county: COUNTIES[p % COUNTIES.length]!.code,
    birthDate: isoFromDay(FIRST_BIRTH + Math.floor(p / COUNTIES.length)),
    // For one (county, day) the q-th student gets a distinct index as long as q < 400 (gcd(37, 400) = 1).
    seqIdx: (q * 37 + hash32(seed, r)) % SEQ.students,
  }
}

/** The code in the ID number: 祥符区's people born before the 2014 change keep 开封县's (DOMAIN §2). */
export function birthRegion(county: string, birthDate: string): string {
  return county === RETIRED_KAIFENG_COUNTY.successor && birthDate < RETIRED_KAIFENG_COUNTY.until ? RETIRED_KAIFENG_COUNTY.code : county
}

/** GB 11643: region, birth date, sequence (odd = male, even = female), MOD 11-2 check character. */
export function idNumber(region: string, birthDate: string, seqIdx: number, gender: 'male' | 'female'): string {
  const first17 = `${region}${birthDate.replaceAll('-', '')}${pad(seqIdx * 2 + (gender === 'male' ? 1 : 2), 3)}`
  return first17 + idCheckCharacter(first17)
}

/** The 17 digits an ID number would start with, for the 'L' number of a temporary record (004:1). */
export function temporaryRegistryNo(region: string, birthDate: string, seqIdx: number) {
  return `L${region}${birthDate.replaceAll('-', '')}${pad(seqIdx * 2 + 1, 3)}`
}

/** An adult's ID number, born `yearsOlder` (± a few months) before the child. Guardians need not be unique. */
export function adultIdNumber(rng: Rng, county: string, childBirth: string, yearsOlder: number, gender: 'male' | 'female', seqIdx?: number) {
  const birthDate = isoFromDay(dayNumber(childBirth) - Math.round(yearsOlder * 365.25) + rng.int(-150, 150))
  return { birthDate, idNumber: idNumber(birthRegion(county, birthDate), birthDate, seqIdx ?? rng.int(0, SEQ.guardians - 1), gender) }
}

// Mobile prefixes of the three carriers; 139 is kept for the featured guardians so theirs never collide.
const PREFIXES = ['138', '137', '136', '135', '150', '151', '152', '158', '159', '182', '183', '187', '188', '130', '131', '132', '155', '156', '185', '186', '133', '153', '180', '181', '189', '177', '199', '176', '166', '198', '173', '191']
const phonePerm = permutation(100_000_000, 7)

/** A distinct mobile number for each guardian index (the last 8 digits are a bijection of it). */
export function guardianPhone(guardianIndex: number): string {
  return PREFIXES[hash32(guardianIndex) % PREFIXES.length]! + pad(phonePerm(guardianIndex), 8)
}
export const featuredPhone = (n: number) => `1390371${pad(n, 4)}`

const cityOf = (county: string) => cityNames.get(`${county.slice(0, 4)}00`)!
const countyName = (county: string) => cityNames.get(county)!

/** 户口所在地 and 现居住 addresses in a county: flats in districts, villages or town streets in counties. */
export function address(rng: Rng, county: string, kind: 'household' | 'current'): { text: string, rural: boolean } {
  const c = county === RETIRED_KAIFENG_COUNTY.code ? RETIRED_KAIFENG_COUNTY.successor : county
  const prefix = `河南省${cityOf(c)}${countyName(c)}`
  const rural = !countyName(c).endsWith('区') && rng.chance(0.5)
  if (rural)
    return { text: `${prefix}${rng.pick(TOWNS)}${village(rng)}${rng.int(1, 260)}号`, rural }
  const street = `${prefix}${rng.pick(ROADS)}${rng.int(1, 199)}号`
  if (kind === 'household' && rng.chance(0.5))
    return { text: street, rural }
  return { text: `${street}院${rng.int(1, 24)}号楼${rng.int(1, 4)}单元${rng.int(1, 28)}${pad(rng.int(1, 4), 2)}室`, rural }
}
