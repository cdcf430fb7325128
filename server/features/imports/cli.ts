// An operator's import (issue 12): `npm run import -- --file F --as USERNAME [--kind events|schools] [--commit]`.
// Runs exactly what the officer's page runs, as that officer: same checks, jurisdiction and audit.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { eq } from 'drizzle-orm'
import { databaseLocation, openDatabase } from '../../db/client.ts'
import { installDataKey } from '../../db/dataKey.ts'
import { accounts, units } from '../../db/schema/index.ts'
import { readEnv } from '../../env.ts'
import { checkImport, commitImport } from './service.ts'

const { values } = parseArgs({ options: { file: { type: 'string' }, as: { type: 'string' }, kind: { type: 'string', default: 'records' }, commit: { type: 'boolean', default: false } } })
if (!values.file || !values.as || (values.kind !== 'records' && values.kind !== 'schools' && values.kind !== 'events')) {
  console.error('usage: npm run import -- --file FILE --as OFFICER_USERNAME [--kind records|events|schools] [--commit]')
  process.exit(2)
}
const env = readEnv()
const target = databaseLocation(env)
installDataKey(env, target)
const database = await openDatabase(target)
try {
  const [officer] = await database.db.select({ accountId: accounts.id, unitId: units.id, unitPath: units.path, role: accounts.role }).from(accounts).innerJoin(units, eq(units.id, accounts.unitId)).where(eq(accounts.username, values.as))
  if (!officer)
    throw new Error(`no officer account named ${values.as}`)
  const who = { ...officer, clientIp: 'cli' }
  const checked = await checkImport(database.db, who, { name: basename(values.file), bytes: new Uint8Array(readFileSync(values.file)), kind: values.kind }, new Date())
  const result = values.commit ? await commitImport(database.db, who, checked, new Date()) : checked
  const { created, updated, unchanged, refused } = result.counts
  console.log(`import ${result.id} (${result.status}): ${created} new, ${updated} changed, ${unchanged} unchanged, ${refused} refused`)
  for (const e of [...result.errors.slice(0, 20), ...(result.conflicts ?? []).slice(0, 20)])
    console.log(`  ${e.message}`)
  if (result.errors.length > 20)
    console.log(`  … ${result.errors.length - 20} more: GET /api/imports/${result.id}/errors.xlsx`)
}
finally {
  await database.close()
}
