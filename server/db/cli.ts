// Reseals every identity value under DATA_KEY: `npm run keys:rotate` (docs/security.md, key rotation).
// Run with the new key as DATA_KEY and the old one in DATA_KEYS_PREVIOUS; the server does the same at start.
// It also stores what is derived from sealed values where it is missing (the masked numbers of records
// stored before migration 0028), which the start leaves to it.
import { readEnv } from '../env.ts'
import { databaseLocation, openDatabase } from './client.ts'
import { installDataKey } from './dataKey.ts'
import { resealStale } from './reseal.ts'

const env = readEnv()
const target = databaseLocation(env)
const ring = installDataKey(env, target)
const database = await openDatabase(target)
try {
  const counts = await resealStale(database.db, { derived: true })
  for (const [table, n] of Object.entries(counts))
    console.log(`${table}: ${n} row(s) resealed`)
  console.log(`Every identity value is now sealed under key ${ring.currentKeyId}; DATA_KEYS_PREVIOUS can be removed.`)
}
finally {
  await database.close()
}
