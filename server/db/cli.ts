// Reseals every identity value under DATA_KEY: `npm run keys:rotate` (docs/security.md, key rotation).
// Run with the new key as DATA_KEY and the old one in DATA_KEYS_PREVIOUS; the server does the same at start.
// It also stores what is derived from sealed values where it is missing (the masked numbers and names
// lists show, for rows stored before migrations 0028–0029), which the start leaves to it.
import process from 'node:process'
import { readEnv } from '../env.ts'
import { describeError } from '../http/log.ts'
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
    console.log(`${table}: ${n} row(s) resealed or completed`)
  console.log(`Every identity value is now sealed under key ${ring.currentKeyId}; DATA_KEYS_PREVIOUS can be removed.`)
}
catch (e) {
  // The driver's message quotes the statement's parameters (names, sealed values): only its kind is shown.
  console.error('keys:rotate stopped; run it again to continue where it stopped:', describeError(e))
  process.exitCode = 1
}
finally {
  await database.close()
}
