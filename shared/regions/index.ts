// GB/T 2260 codes at county level and above, current and retired since 1980, with their latest
// names; built by scripts/build-regions.ts (sources and licences listed there).
import { HKMT_PERMIT_REGIONS, isKnownRegionCode } from './codes.ts'
import codes from './gbt2260.json' with { type: 'json' }

export { HKMT_PERMIT_REGIONS, isKnownRegionCode }

const NAMES: Readonly<Record<string, string>> = codes

// Names that stand for a grouping, not a place, so a full name leaves them out.
const PLACEHOLDERS = new Set(['市辖区', '县', '市', '省直辖县级行政区划', '自治区直辖县级行政区划', '省直辖行政单位'])

/** The division's own name, e.g. '410105' → '金水区'. */
export function regionName(code: string): string | undefined {
  if (Object.hasOwn(HKMT_PERMIT_REGIONS, code))
    return HKMT_PERMIT_REGIONS[code]
  return Object.hasOwn(NAMES, code) ? NAMES[code] : undefined
}

/** Province, prefecture and county together, e.g. '410105' → '河南省郑州市金水区'. */
export function regionFullName(code: string): string | undefined {
  if (!isKnownRegionCode(code))
    return undefined
  const levels = new Set([`${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code])
  return [...levels].map(regionName).filter(n => n && !PLACEHOLDERS.has(n)).join('')
}
