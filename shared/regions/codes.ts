// Whether a code may begin an ID number: all the app needs of GB/T 2260, so it does not carry the
// names (index.ts) to the phone.
import { PACKED_GBT2260_CODES } from './gbt2260.codes.ts'
import { unpackRegionCodes } from './packing.ts'

// DOMAIN §2: residence permits for Hong Kong, Macau and Taiwan residents carry these codes;
// 830000 is not in GB/T 2260 (Taiwan there is 710000).
export const HKMT_PERMIT_REGIONS: Readonly<Record<string, string>> = {
  810000: '香港特别行政区',
  820000: '澳门特别行政区',
  830000: '台湾地区',
}

let known: Set<string> | undefined

/** True for any code an 18-digit ID number may begin with, however long ago it was retired. */
export function isKnownRegionCode(code: string): boolean {
  known ??= unpackRegionCodes(PACKED_GBT2260_CODES)
  return known.has(code) || Object.hasOwn(HKMT_PERMIT_REGIONS, code)
}
