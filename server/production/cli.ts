// `npm run admin:create -- --unit 410000 --username henan.admin --name 张三`: the first administrator
// of a production deployment, with a one-time password printed once (docs/deploy.md).
import process from 'node:process'
import { parseArgs } from 'node:util'
import { databaseLocation, openDatabase, StartupError } from '../db/client.ts'
import { installDataKey } from '../db/dataKey.ts'
import { EnvError, readEnv } from '../env.ts'
import { AdminError, createAdministrator } from './admin.ts'
import { refuseDemoData, seedProvince } from './province.ts'

const { values } = parseArgs({ options: { unit: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' } } })
if (!values.unit || !values.username || !values.name) {
  console.error('usage: npm run admin:create -- --unit 410000 --username <username> --name <姓名>')
  process.exit(2)
}

try {
  const env = readEnv()
  const target = databaseLocation(env)
  installDataKey(env, target)
  const database = await openDatabase(target)
  try {
    if (!env.DEMO) {
      await refuseDemoData(database.db)
      await seedProvince(database.db, env.PROVINCE)
    }
    const { password, unitName } = await createAdministrator(database.db, { unit: values.unit, username: values.username, name: values.name })
    console.log(`Created ${values.username} at ${unitName}.`)
    console.log(`One-time password (shown once; it must be changed at first sign-in): ${password}`)
  }
  finally {
    await database.close()
  }
}
catch (e) {
  if (!(e instanceof AdminError || e instanceof EnvError || e instanceof StartupError))
    throw e
  console.error(`admin:create failed: ${e.message}`)
  process.exit(1)
}
