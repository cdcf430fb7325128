import type { Region } from '#shared/regions/henan.ts'
import type { SchoolLevel, UnitKind } from '../db/schema/units.ts'
import { HENAN, henanRegions } from '#shared/regions/henan.ts'
import { regionName } from '#shared/regions/index.ts'
import { cnNumber, fullName, ROADS } from './names.ts'
import { hash32, pad, Rng } from './random.ts'

// The fixed part of the demo: regions, education bureaus and schools. It does not depend on
// the seed, so the featured students' schools and the officer accounts are always the same.

export interface RegionRow { code: string, name: string, parentCode: string | null, level: 'province' | 'city' | 'county', retired: boolean }
export interface UnitRow { id: string, kind: UnitKind, name: string, regionCode: string, parentId: string | null, path: string }
export interface DemoSchool {
  unitId: string
  code: string
  name: string
  level: SchoolLevel
  registryAuthorityId: string
  regionCode: string
  /** Higher education: 本科 or 专科; the 5-digit institution code goes into diploma numbers. */
  tier?: 'bachelor' | 'associate'
  institutionCode?: string
  /** Two digits inside school-issued student numbers (vocational and higher). */
  numberPrefix?: string
  principal: string
}
export interface World {
  regions: RegionRow[]
  units: UnitRow[]
  schools: DemoSchool[]
  featured: { primary: DemoSchool, junior: DemoSchool, vocational: DemoSchool, college: DemoSchool }
}

const WORLD_SEED = 20260901
const unitId = (code: string) => `u-${code}`
// 开封县 became 祥符区 in 2014 (GB/T 2260); people registered there before keep 410224 for life (DOMAIN §2).
export const RETIRED_KAIFENG_COUNTY = { code: '410224', name: regionName('410224') ?? '开封县', successor: '410212', until: '2014-10-01' }

const cityNames = new Map(henanRegions.filter(r => r.parent === HENAN.code).map(r => [r.code, r.name]))
// Districts carry the city's name (郑州市中原区教育局); counties and county-level cities stand alone (杞县教育局).
const prefixOf = (c: { name: string, parent: string }) => c.name.endsWith('区') ? `${cityNames.get(c.parent)}${c.name}` : c.name

/** Every region the province's data lists (province, cities, current counties) and the retired 开封县. */
export function provinceRegions(): RegionRow[] {
  return [
    { code: HENAN.code, name: HENAN.name, parentCode: null, level: 'province', retired: false },
    ...henanRegions.map(r => ({ code: r.code, name: r.name, parentCode: r.parent, level: r.parent === HENAN.code ? 'city' as const : 'county' as const, retired: false })),
    { code: RETIRED_KAIFENG_COUNTY.code, name: RETIRED_KAIFENG_COUNTY.name, parentCode: '410200', level: 'county', retired: true },
  ]
}

/**
 * The education bureaus: the province's, every city's, and those of `counties` (by default every
 * current county-level division of the province, as a production deployment has them).
 */
export function educationBureaus(counties: readonly Region[] = henanRegions.filter(r => r.parent !== HENAN.code)): UnitRow[] {
  const province: UnitRow = { id: unitId(HENAN.code), kind: 'province', name: '河南省教育厅', regionCode: HENAN.code, parentId: null, path: `${unitId(HENAN.code)}/` }
  const cities = [...cityNames].map(([code, name]): UnitRow => ({ id: unitId(code), kind: 'city', name: `${name}教育局`, regionCode: code, parentId: province.id, path: `${province.path}${unitId(code)}/` }))
  const cityPath = new Map(cities.map(c => [c.id, c.path]))
  return [
    province,
    ...cities,
    ...counties.map((c): UnitRow => ({ id: unitId(c.code), kind: 'county', name: `${prefixOf(c)}教育局`, regionCode: c.code, parentId: unitId(c.parent), path: `${cityPath.get(unitId(c.parent))}${unitId(c.code)}/` })),
  ]
}

/** The school-level demo world; `students` adds primary and junior schools so each keeps a plausible size. */
export function buildWorld(students = 200): World {
  const regions = provinceRegions()
  // design: the demo's bureaus and schools are 郑州's and 开封's; the other cities have bureaus only.
  const counties = henanRegions.filter(r => r.parent === '410100' || r.parent === '410200')
  const units: UnitRow[] = educationBureaus(counties)
  const byId = new Map<string, UnitRow>(units.map(u => [u.id, u]))
  const add = (u: Omit<UnitRow, 'path'>) => {
    const row = { ...u, path: `${byId.get(u.parentId!)!.path}${u.id}/` }
    units.push(row)
    byId.set(row.id, row)
    return row
  }

  const schools: DemoSchool[] = []
  const serial = new Map<string, number>()
  let numbered = 0
  const school = (name: string, level: SchoolLevel, regionCode: string, authorityCode: string, extra: Partial<DemoSchool> = {}) => {
    const n = (serial.get(regionCode) ?? 0) + 1
    serial.set(regionCode, n)
    // design: shaped like the 10-digit 学校标识码; higher education embeds its 5-digit institution code.
    const code = extra.institutionCode ? `41410${extra.institutionCode}` : `3${regionCode}${pad(n, 3)}`
    const rng = new Rng(WORLD_SEED, hash32(...[...code].map(Number)))
    const s: DemoSchool = {
      unitId: unitId(code),
      code,
      name,
      level,
      registryAuthorityId: unitId(authorityCode),
      regionCode,
      principal: fullName(rng, rng.chance(0.6) ? 'male' : 'female', 'parent'),
      ...(level === 'vocational' || level === 'higher' ? { numberPrefix: pad(++numbered, 2) } : {}),
      ...extra,
    }
    schools.push(s)
    add({ id: s.unitId, kind: 'school', name, regionCode, parentId: s.registryAuthorityId })
    return s
  }

  // Featured schools first, so their codes never move whatever the size (003:5: who runs them is the 学籍主管部门).
  const zhongyuan = counties.find(c => c.code === '410102')!
  const featured = {
    primary: school(`${prefixOf(zhongyuan)}育英路小学`, 'primary', '410102', '410102'),
    junior: school(`${prefixOf(zhongyuan)}第一初级中学`, 'junior', '410102', '410102'),
    vocational: school('开封市祥符区职业中等专业学校', 'vocational', '410212', '410212'),
    college: school('河南中州理工学院', 'higher', '410184', HENAN.code, { tier: 'bachelor', institutionCode: '19911' }),
  }
  // design: fictional names for the institutions above the county level.
  school('河南黄河职业技术学院', 'higher', '410105', HENAN.code, { tier: 'associate', institutionCode: '19912' })
  school('中牟县职业教育中心', 'vocational', '410122', '410122')
  school('郑州市财经商贸学校', 'vocational', '410103', '410100')
  school('开封市文化旅游学校', 'vocational', '410204', '410200')
  school('郑州市第六十一中学', 'senior', '410102', '410100') // 郑州市直属
  school('郑州市第十一中学', 'senior', '410105', '410100')
  school('开封市第二十八中学', 'senior', '410205', '410200')

  const primaries = 2 + Math.floor(students / 50_000)
  const juniors = 1 + Math.floor(students / 100_000)
  for (const c of counties) {
    const prefix = prefixOf(c)
    const district = c.name.endsWith('区')
    const start = hash32(Number(c.code)) % ROADS.length
    const names = new Set(schools.map(s => s.name))
    for (let k = c.code === '410102' ? 1 : 0, r = 0; k < primaries; k++) {
      let name = `${prefix}实验小学`
      // Road names in a fixed stride, skipping any already used (the featured 育英路小学).
      if (district || k > 0) {
        do {
          const road = ROADS[(start + r * 5) % ROADS.length]!
          const round = Math.floor(r++ / ROADS.length)
          name = `${prefix}${road}${round ? `第${cnNumber(round + 1)}` : ''}小学`
        } while (names.has(name))
      }
      names.add(name)
      school(name, 'primary', c.code, c.code)
    }
    for (let k = c.code === '410102' ? 1 : 0; k < juniors; k++)
      school(`${prefix}第${cnNumber(k + 1)}初级中学`, 'junior', c.code, c.code)
    if (!district)
      school(`${prefix}第一高级中学`, 'senior', c.code, c.code)
  }
  return { regions, units, schools, featured }
}

/** Schools of a level, those in the county first; used to place a student near home. */
export function schoolIndex(world: World) {
  const byLevel = new Map<SchoolLevel, DemoSchool[]>()
  const byCounty = new Map<string, DemoSchool[]>()
  for (const s of world.schools) {
    byLevel.set(s.level, [...(byLevel.get(s.level) ?? []), s])
    const key = `${s.level}:${s.regionCode}`
    byCounty.set(key, [...(byCounty.get(key) ?? []), s])
  }
  const unitById = new Map(world.units.map(u => [u.id, u]))
  return {
    all: (level: SchoolLevel) => byLevel.get(level) ?? [],
    inCounty: (level: SchoolLevel, county: string) => byCounty.get(`${level}:${county}`) ?? [],
    unit: (id: string) => unitById.get(id)!,
  }
}
export type SchoolIndex = ReturnType<typeof schoolIndex>
