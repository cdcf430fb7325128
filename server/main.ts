import process from 'node:process'
import { demoAccounts, formatDemoLogins } from './demo/accounts.ts'
import { readEnv } from './env.ts'
import { serveApp } from './serve.ts'

const env = readEnv()
const running = await serveApp(env, { log: s => console.log(s) })
console.log(`\n学籍通 is running: http://localhost:${running.port}/  (database: ${running.database.kind})`)
console.log(`API document: http://localhost:${running.port}/api/openapi.json`)
if (env.DEMO)
  console.log(formatDemoLogins(await demoAccounts(running.database.db)))

async function shutdown() {
  await running.close()
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
