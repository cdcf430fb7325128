import type { diplomaRegistrations, recordGuardians, registrationEvents, studentRecords } from '../db/schema/studentRecords.ts'
import type { SchoolLevel } from '../db/schema/units.ts'
import type { GuardianPlan } from './guardians.ts'
import type { DemoSchool, SchoolIndex, World } from './world.ts'
import { guardiansFor } from './guardians.ts'
import { diploma, registrationEvents as historyEvents } from './history.ts'
import { address, birthRegion, COUNTIES, featuredPhone, guardianPhone, idNumber, REFERENCE_DATE, SCHOOL_YEAR, SEQ, studentSlot, temporaryRegistryNo } from './identity.ts'
import { ASSOCIATE_MAJORS, BACHELOR_MAJORS, cnNumber, ethnicity, fullName, majorShort, surname, VOCATIONAL_MAJORS } from './names.ts'
import { pad, permutation, Rng, stableUuid } from './random.ts'
import { buildWorld, schoolIndex } from './world.ts'

// The blind indexes depend on the data key, so the seed adds them (server/demo/seed.ts).
export type RecordRow = Omit<typeof studentRecords.$inferInsert, 'registryNoIndex' | 'idNumberIndex' | 'registryNoMasked' | 'idNumberMasked'> & { id: string }
export type GuardianRow = Omit<typeof recordGuardians.$inferInsert, 'idNumberIndex'>
export type EventRow = typeof registrationEvents.$inferInsert
export type DiplomaRow = typeof diplomaRegistrations.$inferInsert
export interface DemoStudent { record: RecordRow, guardians: GuardianRow[], events: EventRow[], diploma: DiplomaRow | null }
export interface FeaturedStudent extends DemoStudent {
  key: string
  schoolName: string
  /** Featured only: who binds the record in the demo, and how the demo describes the student. */
  boundBy: 'self' | 'guardian' | null
  description: string
}

export interface Context { world: World, index: SchoolIndex, seed: number }
export const makeContext = (world: World, seed: number): Context => ({ world, index: schoolIndex(world), seed })

const SOURCES = { k12: '全国中小学生学籍信息管理系统', vocational: '河南省学籍信息模块', higher: '学信网' } as const // DOMAIN §0
const STAGE = { primary: '小学', junior: '初中', senior: '高中', vocational: '中职' } as const
const FEATURED_SEED = 4_100_000

interface Spec {
  key: string
  school: keyof World['featured']
  name: string
  gender: 'male' | 'female'
  birthDate: string
  county: string
  guardians: GuardianPlan['relations']
  graduate?: boolean
  temporary?: boolean
  boundBy: 'self' | 'guardian'
  description: string
}

// The accounts the demo prints (DOMAIN §1): a parent's child, a self-binding pupil, a temporary
// record (004:1), a vocational graduate (003:17) and a university graduate (002:17).
const FEATURED: Spec[] = [
  { key: 'primary', school: 'primary', name: '李子涵', gender: 'female', birthDate: `${SCHOOL_YEAR - 8}-03-14`, county: '410102', guardians: ['母亲', '父亲'], boundBy: 'guardian', description: '小学三年级学生（由家长绑定）' },
  { key: 'junior', school: 'junior', name: '王浩宇', gender: 'male', birthDate: `${SCHOOL_YEAR - 13}-05-20`, county: '410102', guardians: ['父亲', '母亲'], boundBy: 'self', description: '初中八年级学生（本人绑定）' },
  { key: 'temporary', school: 'primary', name: '赵一诺', gender: 'female', birthDate: `${SCHOOL_YEAR - 6}-02-11`, county: '410102', guardians: ['母亲', '父亲'], temporary: true, boundBy: 'guardian', description: '小学一年级学生，临时学籍、暂无身份证号（由家长绑定）' },
  { key: 'vocational', school: 'vocational', name: '陈思远', gender: 'male', birthDate: `${SCHOOL_YEAR - 19}-10-08`, county: '410212', guardians: ['父亲', '母亲'], graduate: true, boundBy: 'self', description: `中职 ${SCHOOL_YEAR} 届毕业生，已办毕业证书（本人绑定）` },
  { key: 'college', school: 'college', name: '刘雨桐', gender: 'female', birthDate: `${SCHOOL_YEAR - 22}-07-16`, county: '410182', guardians: ['母亲'], graduate: true, boundBy: 'self', description: `本科 ${SCHOOL_YEAR} 届毕业生，学历已注册（本人绑定）` },
]
export const FEATURED_COUNT = FEATURED.length

interface Plan { level: SchoolLevel, grade: number, length: number, startYear: number, gradYear: number | null, tier?: 'bachelor' | 'associate' }

/** Where a person born on that day is now: 6 years of primary from the September after turning 6. */
function plan(rng: Rng, birthDate: string, spec?: Spec): Plan {
  const [y, m] = birthDate.split('-').map(Number) as [number, number]
  const entry = m >= 9 ? y + 7 : y + 6 // first year of primary school
  const n = SCHOOL_YEAR + 1 - entry // 1 = first grade now
  const at = (level: SchoolLevel, grade: number, length: number, tier?: Plan['tier']): Plan =>
    ({ level, grade, length, startYear: SCHOOL_YEAR - grade + 1, gradYear: null, tier })
  const graduated = (level: SchoolLevel, start: number, length: number, tier?: Plan['tier']): Plan =>
    ({ level, grade: length, length, startYear: start, gradYear: start + length, tier })
  if (spec?.graduate)
    return spec.school === 'vocational' ? graduated('vocational', entry + 9, 3) : graduated('higher', entry + 12, 4, 'bachelor')
  if (n <= 6)
    return at('primary', n, 6)
  if (n <= 9)
    return at('junior', n - 6, 3)
  if (n <= 12)
    return rng.chance(0.55) ? at('senior', n - 9, 3) : at('vocational', n - 9, 3)
  if (n <= 15) {
    if (rng.chance(0.45))
      return graduated('vocational', entry + 9, 3)
    return rng.chance(0.55) ? at('higher', n - 12, 4, 'bachelor') : at('higher', n - 12, 3, 'associate')
  }
  if (n === 16)
    return rng.chance(0.5) ? at('higher', 4, 4, 'bachelor') : graduated('higher', entry + 12, 3, 'associate')
  return rng.chance(0.6) ? graduated('higher', entry + 12, 4, 'bachelor') : graduated('higher', entry + 12, 3, 'associate')
}

function chooseSchool(rng: Rng, ctx: Context, p: Plan, county: string): DemoSchool {
  if (p.level === 'higher')
    return rng.pick(ctx.index.all('higher').filter(s => s.tier === p.tier))
  const near = ctx.index.inCounty(p.level, county)
  if (near.length && rng.chance(0.9))
    return rng.pick(near)
  // design: students also attend city-run schools or move to another county ("or another Henan county").
  const city = ctx.index.all(p.level).filter(s => s.regionCode.slice(0, 4) === county.slice(0, 4))
  return rng.pick(city.length && rng.chance(0.8) ? city : ctx.index.all(p.level))
}

const countyNames = new Map(COUNTIES.map(c => [c.code, c.name]))
const registryPerm = permutation(10_000_000, 11)
const MAJORS = { vocational: VOCATIONAL_MAJORS, bachelor: BACHELOR_MAJORS, associate: ASSOCIATE_MAJORS }

interface Person { gender: 'male' | 'female', birthDate: string, county: string, seqIdx: number }

function politicalStatus(rng: Rng, p: Plan, adult: boolean): string {
  if (p.level === 'primary')
    return rng.chance(0.9) ? '少先队员' : '群众'
  if (p.level === 'junior')
    return p.grade >= 2 && rng.chance(0.3) ? '共青团员' : rng.chance(0.6) ? '少先队员' : '群众'
  if (adult && p.level === 'higher' && rng.chance(0.08))
    return '中共党员'
  return rng.chance(p.level === 'higher' ? 0.75 : 0.55) ? '共青团员' : '群众'
}

/** One student from its plan: identity, placement, family, history and, for graduates, the diploma. */
function compose(ctx: Context, rng: Rng, globalIdx: number, id: string, person: Person, spec?: Spec): FeaturedStudent {
  const p = plan(rng, person.birthDate, spec)
  const school = spec ? ctx.world.featured[spec.school] : chooseSchool(rng, ctx, p, person.county)
  const k12 = p.level === 'primary' || p.level === 'junior' || p.level === 'senior'
  const region = birthRegion(person.county, person.birthDate)
  const eth = ethnicity(rng, countyNames.get(person.county) ?? '')
  const family = spec ? spec.name.slice(0, 1) : surname(rng, eth)
  const name = spec ? spec.name : fullName(rng, person.gender, 'child', eth, family)
  const adult = `${Number(person.birthDate.slice(0, 4)) + 18}${person.birthDate.slice(4)}` <= REFERENCE_DATE
  // 004:1: a pupil without an ID number gets a temporary record, numbered 'L…' instead of 'G' + ID.
  const temporary = spec ? !!spec.temporary : p.level === 'primary' && p.grade <= 2 && rng.chance(0.03)
  const idNo = temporary ? null : idNumber(region, person.birthDate, person.seqIdx, person.gender)
  const enrolled = p.gradYear === null
  const suspendedNow = !spec && enrolled && rng.chance(0.01)
  const breakYear = !spec && enrolled && !suspendedNow && p.grade >= 3 && rng.chance(0.03) ? rng.int(p.startYear, SCHOOL_YEAR - 1) : undefined
  const grade = breakYear === undefined ? p.grade : p.grade - 1
  const others = () => ctx.index.all(p.level).filter(s => s !== school)
  const transfer = !spec && enrolled && p.level !== 'higher' && p.grade >= 2 && rng.chance(0.05)
    ? { from: rng.pick(others()), year: rng.int(p.startYear + 1, SCHOOL_YEAR) }
    : undefined
  const major = p.level === 'vocational' ? rng.pick(MAJORS.vocational) : p.level === 'higher' ? rng.pick(MAJORS[p.tier!]) : null
  const classNo = rng.int(1, k12 ? 10 : 6)
  const household = address(rng, person.county, 'household')
  const current = p.level === 'higher' && enrolled
    ? `${school.name}学生公寓${rng.int(1, 20)}号楼${rng.int(1, 6)}${pad(rng.int(1, 40), 2)}室`
    : !enrolled || (school.regionCode === person.county && rng.chance(0.6)) ? household.text : address(rng, school.regionCode, 'current').text
  const leftBehind = k12 && household.rural && rng.chance(0.25)
  const disabled = k12 && rng.chance(0.004)
  const boardingChance = { primary: leftBehind ? 0.3 : 0.05, junior: 0.3, senior: 0.7, vocational: 0.6, higher: 1 }[p.level]
  const stage = p.level === 'higher' ? (p.tier === 'bachelor' ? '本科' : '专科') : STAGE[p.level]

  const record: RecordRow = {
    id,
    registryNo: k12
      ? (idNo ? `G${idNo}` : temporaryRegistryNo(region, person.birthDate, person.seqIdx))
      : `${p.startYear}${school.numberPrefix}${pad(registryPerm(globalIdx), 7)}`,
    temporary,
    name,
    formerName: !spec && rng.chance(0.02) ? fullName(rng, person.gender, 'child', eth, family) : null,
    gender: person.gender,
    ethnicity: eth,
    idNumber: idNo,
    birthDate: person.birthDate,
    currentAddress: current,
    householdAddress: household.text,
    grade: p.level === 'primary'
      ? `${cnNumber(grade)}年级`
      : p.level === 'junior'
        ? `${cnNumber(grade + 6)}年级`
        : p.level === 'senior' ? `高${cnNumber(grade)}` : `${p.startYear}级`,
    className: major ? `${majorShort(major)}${String(p.startYear).slice(2)}${pad(classNo, 2)}班` : `${classNo}班`,
    politicalStatus: politicalStatus(rng, p, adult),
    boarding: p.level === 'higher' ? null : rng.chance(boardingChance),
    disabled,
    leftBehind: k12 ? leftBehind : null,
    disabilityType: disabled ? rng.pick(['视力残疾', '听力残疾', '言语残疾', '肢体残疾', '智力残疾']) : null,
    specialEducationType: disabled ? '随班就读' : null,
    schoolUnitId: school.unitId,
    major,
    status: p.gradYear ? 'graduated' : suspendedNow ? 'suspended' : 'enrolled',
    source: k12 ? SOURCES.k12 : p.level === 'vocational' ? SOURCES.vocational : SOURCES.higher,
  }
  const h = { recordId: id, school, stage, startYear: p.startYear, gradYear: p.gradYear, transfer, breakYear, suspendedNow }
  const k = spec ? FEATURED.indexOf(spec) : -1
  const guardians = guardiansFor(rng, { recordId: id, surname: family, ethnicity: eth, birthDate: person.birthDate, county: person.county, householdAddress: household.text, minor: !adult, leftBehind }, {
    relations: spec?.guardians,
    // Featured guardians get memorable 139 0371 numbers and reserved sequence numbers; others a bijection of the index.
    phone: g => (spec ? featuredPhone(k * 2 + g + 1) : guardianPhone(globalIdx * 2 + g)),
    seqIdx: spec ? g => SEQ.featuredGuardians + k * 2 + g : undefined,
  })
  const events = historyEvents(rng, h)
  const graduatedOn = events.find(e => e.kind === 'graduation')?.occurredOn
  return {
    record,
    guardians,
    events,
    diploma: p.gradYear && major && graduatedOn ? diploma({ ...h, gradYear: p.gradYear }, graduatedOn, globalIdx, major, p.length) : null,
    key: spec?.key ?? `student-${globalIdx}`,
    schoolName: school.name,
    boundBy: spec?.boundBy ?? null,
    description: spec?.description ?? '',
  }
}

/** The i-th student of a demo database: the featured ones first, then generated ones. */
export function studentAt(ctx: Context, i: number): FeaturedStudent {
  if (i < FEATURED.length) {
    const spec = FEATURED[i]!
    const person = { ...spec, seqIdx: SEQ.featuredStudents + i }
    return compose(ctx, new Rng(FEATURED_SEED, i), i, stableUuid(FEATURED_SEED, i), person, spec)
  }
  const j = i - FEATURED.length
  const slot = studentSlot(ctx.seed, j)
  const rng = new Rng(ctx.seed, i)
  const gender = rng.chance(0.53) ? 'male' : 'female' // Henan's school-age sex ratio is about 113:100
  return compose(ctx, rng, i, stableUuid(ctx.seed, i), { ...slot, gender })
}

/** Students [from, to) generated one at a time, so a million never sit in memory at once. */
export function* generateStudents(ctx: Context, from: number, to: number): Generator<FeaturedStudent> {
  for (let i = from; i < to; i++) yield studentAt(ctx, i)
}

/** The featured demo students, exactly as the seed inserts them (they do not depend on the seed). */
export function featuredStudents(): FeaturedStudent[] {
  const ctx = makeContext(buildWorld(), 0)
  return FEATURED.map((_, i) => studentAt(ctx, i))
}
