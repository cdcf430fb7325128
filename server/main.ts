import process from 'node:process'
import { StartupError } from './db/client.ts'
import { demoAccounts, formatDemoLogins } from './demo/accounts.ts'
import { EnvError, envWarnings, readEnv } from './env.ts'
import { serveApp } from './serve.ts'

try {
  const env = readEnv()
  for (const warning of envWarnings(env))
    console.warn(`WARNING: ${warning}`)
  const running = await serveApp(env, { log: s => console.log(s) })
  console.log(`\n学籍通 is running: http://localhost:${running.port}/  (database: ${running.database.kind})`)
  console.log(`API document: http://localhost:${running.port}/api/openapi.json`)
  if (env.DEMO)
    console.log(formatDemoLogins(await demoAccounts(running.database.db)))

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping)
      return
    stopping = true
    console.log(`${signal}: finishing requests in flight, then stopping.`)
    await running.close()
    console.log('学籍通 stopped.')
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}
catch (e) {
  // A wrong setting is the operator's to fix: say which, without a stack trace.
  if (!(e instanceof StartupError || e instanceof EnvError))
    throw e
  console.error(`学籍通 cannot start: ${e.message}`)
  process.exit(1)
}
