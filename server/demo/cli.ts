// Seeds a large demo database: `npm run demo:generate -- --students 1000000 [--seed N]`.
// The database is DATABASE_URL when set, otherwise the PGlite directory DATA_DIR (server/env.ts).
import process from 'node:process'
import { parseArgs } from 'node:util'
import { databaseLocation, openDatabase } from '../db/client.ts'
import { installDataKey } from '../db/dataKey.ts'
import { readEnv } from '../env.ts'
import { seedDemo } from './seed.ts'

const { values } = parseArgs({
  options: { students: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' } },
})
const students = Number(values.students)
const seed = Number(values.seed)
if (!Number.isInteger(students) || !Number.isInteger(seed)) {
  console.error('usage: tsx server/demo/cli.ts --students <count> [--seed <integer>]')
  process.exit(2)
}

const env = readEnv()
const target = databaseLocation(env)
installDataKey(env, target)
const database = await openDatabase(target)
const started = performance.now()
try {
  const created = await seedDemo(database.db, { students, seed, log: s => console.log(s) })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(created
    ? `Seeded ${students.toLocaleString('en')} demo students into ${database.kind} in ${seconds} s.`
    : `The database at ${env.DATABASE_URL ? 'DATABASE_URL' : target} already has data; nothing was changed.`)
}
finally {
  await database.close()
}
