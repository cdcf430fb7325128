import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PACKED_GBT2260_CODES } from '../../shared/regions/gbt2260.codes.ts'
import { HENAN, henanRegions } from '../../shared/regions/henan.ts'
import { isKnownRegionCode, regionFullName, regionName } from '../../shared/regions/index.ts'
import { packRegionCodes, unpackRegionCodes } from '../../shared/regions/packing.ts'

describe('isKnownRegionCode: any code an ID number may begin with (DOMAIN §2)', () => {
  it.each([
    ['a current district, 郑州市金水区', '410105'],
    ['a province', '410000'],
    ['巩县, renamed 巩义市 in 1991', '410124'],
    ['北京市崇文区, merged into 东城区 in 2010', '110103'],
    ['开封县, now 祥符区', '410224'],
    ['周口地区, before 周口 became a city in 2000', '412700'],
    ['the Hong Kong residence permit code', '810000'],
    ['the Taiwan residence permit code, outside GB/T 2260', '830000'],
  ])('knows %s', (_, code) => expect(isKnownRegionCode(code)).toBe(true))

  it.each([
    ['a province that never existed', '100000'],
    ['a Zhengzhou county number never used', '410199'],
    ['a Hong Kong district, never part of an ID number', '810001'],
    ['too short', '4101'],
    ['letters', 'abcdef'],
    ['a name every object has', 'constructor'],
    ['nothing', ''],
  ])('refuses %s', (_, code) => expect(isKnownRegionCode(code)).toBe(false))
})

describe('region names', () => {
  it.each([
    ['410105', '金水区', '河南省郑州市金水区'],
    ['410124', '巩县', '河南省郑州市巩县'],
    ['110105', '朝阳区', '北京市朝阳区'],
    ['419001', '济源市', '河南省济源市'],
    ['410000', '河南省', '河南省'],
    ['830000', '台湾地区', '台湾地区'],
  ])('%s is called %s, in full %s', (code, name, full) => {
    expect(regionName(code)).toBe(name)
    expect(regionFullName(code)).toBe(full)
  })

  it('an unknown code has no name', () => {
    expect(regionName('100000')).toBeUndefined()
    expect(regionFullName('100000')).toBeUndefined()
  })
})

describe('Henan lists for demo data and units', () => {
  it('every 省辖市 and 济源 is listed under 河南省', () => {
    const cities = henanRegions.filter(r => r.parent === HENAN.code)
    expect(cities.map(r => r.name)).toEqual([
      '郑州市',
      '开封市',
      '洛阳市',
      '平顶山市',
      '安阳市',
      '鹤壁市',
      '新乡市',
      '焦作市',
      '濮阳市',
      '许昌市',
      '漯河市',
      '三门峡市',
      '南阳市',
      '商丘市',
      '信阳市',
      '周口市',
      '驻马店市',
      '济源市',
    ])
  })

  it.each([
    ['410100', 12],
    ['410200', 9],
    ['410300', 14],
    ['410400', 10],
    ['410500', 9],
    ['410600', 5],
    ['410700', 12],
    ['410800', 10],
    ['410900', 6],
    ['411000', 6],
    ['411100', 5],
    ['411200', 6],
    ['411300', 13],
    ['411400', 9],
    ['411500', 10],
    ['411600', 10],
    ['411700', 10],
    ['419001', 0],
  ])('city %s has all %i of its districts and counties', (city, count) => {
    const children = henanRegions.filter(r => r.parent === city)
    expect(children).toHaveLength(count)
    expect(children.every(r => r.code.startsWith(city.slice(0, 4)))).toBe(true)
  })

  it('the province\'s 157 county-level divisions are all there: 54 districts, 21 county-level cities (济源 with them), 82 counties', () => {
    const countyLevel = henanRegions.filter(r => r.parent !== HENAN.code || r.code === '419001')
    expect(countyLevel).toHaveLength(157)
    const kind = (name: string) => name.endsWith('区') ? 'district' : name.endsWith('市') ? 'city' : 'county'
    const counts = countyLevel.reduce<Record<string, number>>((n, r) => ({ ...n, [kind(r.name)]: (n[kind(r.name)] ?? 0) + 1 }), {})
    expect(counts).toEqual({ district: 54, city: 21, county: 82 })
    // Retired since: 偃师市 (2021), 吉利区 (2021), 许昌县 (2016), 陕县 (2015), 开封县 (2014); development zones are no divisions.
    for (const gone of ['410381', '410306', '411023', '411222', '410224', '410171'])
      expect(henanRegions.map(r => r.code)).not.toContain(gone)
  })

  it('names are the official ones and codes are unique', () => {
    for (const r of henanRegions) expect(r.name, r.code).toBe(regionName(r.code))
    expect(new Set(henanRegions.map(r => r.code)).size).toBe(henanRegions.length)
  })
})

it('the region table stays one compact line, small enough to ship to phones', () => {
  const json = readFileSync(new URL('../../shared/regions/gbt2260.json', import.meta.url), 'utf8')
  expect(json.trimEnd().split('\n')).toHaveLength(1)
  expect(json.length).toBeLessThan(200_000)
})

describe('the packed codes the app carries (shared/regions/gbt2260.codes.ts)', () => {
  it('are exactly the codes of the table with names, so neither can go stale alone', () => {
    const table = Object.keys(JSON.parse(readFileSync('shared/regions/gbt2260.json', 'utf8')))
    expect([...unpackRegionCodes(PACKED_GBT2260_CODES)].sort()).toEqual(table.sort())
  })
  it('unpack what they pack', () => {
    const codes = ['110000', '110101', '410105', '410224', '659012']
    expect([...unpackRegionCodes(packRegionCodes(codes.toReversed()))]).toEqual(codes)
  })
})
