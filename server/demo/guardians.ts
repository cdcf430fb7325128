import type { GuardianRow } from './generate.ts'
import type { Rng } from './random.ts'
import { address, adultIdNumber, COUNTIES } from './identity.ts'
import { EMPLOYERS, fullName, surname } from './names.ts'

// 附件1 of 004, items 18–35: family member or guardian 一 and 二.

export type Relation = '父亲' | '母亲' | '祖父' | '祖母' | '外祖父' | '外祖母'
export interface GuardianPlan {
  relations?: Relation[]
  /** Phone of the k-th family member (0-based). */
  phone: (k: number) => string
  /** Sequence index for the k-th member's ID number; random when absent. */
  seqIdx?: (k: number) => number
}
export interface Child {
  recordId: string
  surname: string
  ethnicity: string
  birthDate: string
  county: string
  householdAddress: string
  minor: boolean
  leftBehind: boolean
}

const PEOPLE: Record<Relation, { gender: 'male' | 'female', era: 'parent' | 'elder', older: [number, number], sameSurname: boolean }> = {
  父亲: { gender: 'male', era: 'parent', older: [24, 38], sameSurname: true },
  母亲: { gender: 'female', era: 'parent', older: [22, 36], sameSurname: false },
  祖父: { gender: 'male', era: 'elder', older: [48, 64], sameSurname: true },
  祖母: { gender: 'female', era: 'elder', older: [46, 62], sameSurname: false },
  外祖父: { gender: 'male', era: 'elder', older: [48, 64], sameSurname: false },
  外祖母: { gender: 'female', era: 'elder', older: [46, 62], sameSurname: false },
}
const parents: Relation[] = ['父亲', '母亲']

/** Who the family members are: usually both parents; a grandparent for a 留守 child whose parents work away. */
function relations(rng: Rng, child: Child): Relation[] {
  const first: Relation = rng.chance(0.55) ? '母亲' : '父亲'
  const other: Relation = first === '母亲' ? '父亲' : '母亲'
  if (child.leftBehind)
    return [first, rng.pick(['祖父', '祖母', '外祖父', '外祖母'] as const)]
  if (rng.chance(0.85))
    return [first, other]
  return rng.chance(0.5) ? [first, rng.pick(['祖父', '祖母', '外祖母'] as const)] : [first]
}

export function guardiansFor(rng: Rng, child: Child, plan: GuardianPlan): GuardianRow[] {
  return (plan.relations ?? relations(rng, child)).map((relation, k) => {
    const who = PEOPLE[relation]
    const county = rng.chance(0.75) ? child.county : rng.pick(COUNTIES).code
    const { idNumber } = adultIdNumber(rng, county, child.birthDate, rng.int(...who.older), who.gender, plan.seqIdx?.(k))
    const parent = parents.includes(relation)
    return {
      recordId: child.recordId,
      ordinal: k + 1,
      name: fullName(rng, who.gender, who.era, child.ethnicity, who.sameSurname ? child.surname : surname(rng, child.ethnicity)),
      relation,
      // design: a parent of a minor is a guardian (民法典 27); an adult student's family are recorded but guard no one.
      isGuardian: child.minor && parent,
      ethnicity: child.ethnicity,
      idType: '居民身份证',
      idNumber,
      employer: child.leftBehind && parent ? '外出务工' : who.era === 'elder' ? rng.pick(['务农', '无', '个体经营']) : rng.pick(EMPLOYERS),
      householdAddress: rng.chance(0.8) ? child.householdAddress : address(rng, county, 'household').text,
      phone: plan.phone(k),
    }
  })
}
