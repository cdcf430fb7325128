import { customType, varchar } from 'drizzle-orm/pg-core'
import { keyring } from '../keyring.ts'

/**
 * Columns whose values are sealed on the way to the database and opened on the way back
 * (server/db/keyring.ts), so services read and write plain values. A sealed column cannot be
 * compared in SQL: exact lookups go through its blind index column (`blindIndex`).
 */
export const sealedText = customType<{ data: string, driverData: string }>({
  dataType: () => 'text',
  toDriver: value => keyring().seal(value),
  fromDriver: stored => keyring().open(stored),
})

/** A JSON document sealed whole: a complaint's people, a correction's items, a sheet as issued. */
export function sealedJson<T>(name: string) {
  return customType<{ data: T, driverData: string }>({
    dataType: () => 'text',
    toDriver: value => keyring().seal(JSON.stringify(value)),
    fromDriver: stored => JSON.parse(keyring().open(stored)) as T,
  })(name)
}

/** The HMAC of a sealed value, for exact lookup and uniqueness without storing the value. */
export const blindIndex = (name: string) => varchar(name, { length: 32 })
