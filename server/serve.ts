import type { Server } from 'node:http'
import type { Env } from './env.ts'
import type { Deps } from './http/context.ts'
import { existsSync } from 'node:fs'
import { serve } from '@hono/node-server'
import { createApp } from './app.ts'
import { smsGateway } from './auth/sms.ts'
import { databaseLocation, openDatabase } from './db/client.ts'
import { installDataKey } from './db/dataKey.ts'
import { resealStale } from './db/reseal.ts'
import { seedDemo } from './demo/seed.ts'
import { answerClientErrors } from './http/guards.ts'
import { createLogger } from './http/log.ts'
import { systemClock } from './http/requestClock.ts'
import { serveBuiltApp } from './http/staticApp.ts'
import { refuseDemoData, seedProvince } from './production/province.ts'
import { pushGateway } from './push/gateway.ts'
import { startSweeper } from './sla/sweeper.ts'

/** Opens the database, seeds demo data on first run, and serves the built app and the API on one port. */
/** `pgliteDump`: what a new PGlite database starts from (a test's seeded copy). */
export async function serveApp(env: Env, opts: { databaseUrl?: string, pgliteDump?: Blob, distDir?: string, log?: (s: string) => void } = {}) {
  const log = opts.log ?? (() => {})
  const location = opts.databaseUrl ?? databaseLocation(env)
  installDataKey(env, location)
  const database = await openDatabase(location, { pgliteDump: opts.pgliteDump, poolSize: env.DATABASE_POOL_SIZE })
  const resealed = Object.values(await resealStale(database.db)).reduce((a, b) => a + b, 0)
  if (resealed)
    log(`Sealed ${resealed} stored identity values under the current data key.`)
  if (env.DEMO && await seedDemo(database.db, { log }))
    log('Demo data created.')
  if (!env.DEMO) {
    await refuseDemoData(database.db)
    const created = await seedProvince(database.db, env.PROVINCE)
    if (created)
      log(`Created the province's ${created} education bureaus; next: npm run admin:create (docs/deploy.md).`)
  }

  let draining = false
  const deps: Deps = { db: database.db, dbKind: database.kind, env, sms: smsGateway(env, database.db), push: pushGateway(env, database.db), log: createLogger({ level: env.LOG_LEVEL }), now: systemClock, draining: () => draining }
  const app = createApp(deps)
  // SLA timers: checked every minute, and at once on start to catch up after downtime.
  const stopSweeper = startSweeper(deps)
  const dist = opts.distDir ?? './dist'
  if (existsSync(dist)) {
    serveBuiltApp(app, dist)
  }
  else {
    log('No built app in ./dist: run `npm run build` (npm start does it for you).')
  }

  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST })
  answerClientErrors(server as Server)
  await new Promise<void>(resolve => server.once('listening', () => resolve()))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : env.PORT
  return {
    port,
    database,
    deps, // for tests that stand in for a failing SMS provider
    /**
     * Graceful stop (SIGTERM): refuse new connections, let requests in flight finish (cut after
     * `graceMs`), let the scheduler finish its tick (a send, a sweep), then close the database.
     */
    close: async (graceMs = 20_000) => {
      draining = true
      const closed = new Promise(resolve => server.close(resolve))
      const http = server as Server
      http.closeIdleConnections()
      const cut = setTimeout(() => http.closeAllConnections(), graceMs)
      await closed
      clearTimeout(cut)
      await stopSweeper()
      await database.close()
    },
  }
}
