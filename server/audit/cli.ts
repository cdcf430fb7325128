// Checks the audit log's hash chain (read-only): `npm run audit:verify`. Exit 0 if intact, 1 naming the first broken entry.
import process from 'node:process'
import { databaseLocation, openDatabase } from '../db/client.ts'
import { installDataKey } from '../db/dataKey.ts'
import { readEnv } from '../env.ts'
import { verifyAuditChain } from './chain.ts'

const env = readEnv()
const target = databaseLocation(env)
installDataKey(env, target)
const database = await openDatabase(target)
try {
  const report = await verifyAuditChain(database.db)
  if (report.ok) {
    console.log(`Audit log intact: ${report.entries} entries chained${report.unsealed ? `, ${report.unsealed} written since and not yet sealed` : ''}.`)
  }
  else {
    console.error(`Audit log BROKEN at entry ${report.brokenAt.position}${report.brokenAt.id ? ` (id ${report.brokenAt.id})` : ''}: ${report.brokenAt.reason}. ${report.entries} entries before it are intact.`)
    process.exitCode = 1
  }
}
finally {
  await database.close()
}
