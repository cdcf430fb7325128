import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { inArray } from 'drizzle-orm'
import { maskIdNumber, maskRegistryNoForList } from '#shared/idNumber.ts'
import { keyring } from './keyring.ts'

/** The blind index to store beside a sealed value (null stays null). */
export function indexOf(value: string): string
export function indexOf(value: string | null | undefined): string | null
export function indexOf(value: string | null | undefined) {
  return value == null ? null : keyring().index(value)
}

/** What a record keeps beside its sealed ID number: the blind index it is found by, the masked form lists show. */
export const idNumberDerived = (idNumber: string | null | undefined) => ({ idNumberIndex: indexOf(idNumber), idNumberMasked: idNumber == null ? null : maskIdNumber(idNumber) })

/** The same for both of a record's sealed numbers, as a record is written whole (`registryNoIndex`: when known already). */
export function recordNumbersDerived(r: { registryNo: string, idNumber?: string | null }, registryNoIndex = indexOf(r.registryNo)) {
  return { registryNoIndex, registryNoMasked: maskRegistryNoForList(r.registryNo), ...idNumberDerived(r.idNumber) }
}

/** Matches a sealed value exactly through its blind index column, under every key in the ring. */
export const matchesSealed = (indexColumn: AnyPgColumn, value: string) => inArray(indexColumn, keyring().lookups(value))

/** The duplicate-check key of a complaint's student: ID number, else 学籍号, else name at the school. */
export function studentKeyOf(student: { idNumber?: string | null, registryNo?: string | null, name: string }, schoolUnitId: string) {
  const identity = student.idNumber ? `id:${student.idNumber}` : student.registryNo ? `registry:${student.registryNo}` : `name:${schoolUnitId}:${student.name}`
  return keyring().index(identity)
}
