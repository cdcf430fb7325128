// Cold start of the production build: `node dist-server/main.js` with DEMO=false, from process spawn
// to GET /api/ready answering 200. Run by `npm run bench`; alone: `npx tsx test/bench/coldStart.ts [--database postgres://…]`.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import { ensureCompiledServer, startCompiledServer } from '../support/compiledServer.ts'
import { productionEnv } from '../support/productionEnv.ts'

/** Two starts on a new database (the first migrates and creates the bureaus), each printed in ms. */
export async function measureColdStart(serverUrl?: string) {
  ensureCompiledServer()
  const dataDir = mkdtempSync(join(tmpdir(), 'xjt-coldstart-'))
  const kind = serverUrl ? 'PostgreSQL' : 'PGlite'
  // On PostgreSQL, a database of its own, new (the server's URL names one that may hold anything).
  const admin = serverUrl ? postgres(serverUrl, { max: 1, onnotice: () => {} }) : null
  const name = `xjt_coldstart_${Date.now()}`
  await admin?.unsafe(`create database ${name}`)
  const databaseUrl = serverUrl && Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString()
  try {
    const env = { ...productionEnv, HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }
    for (const label of ['new database', 'existing database']) {
      const server = await startCompiledServer(env)
      await server.stop()
      console.log(`${`cold start, compiled (${kind}, ${label})`.padEnd(38)} ${server.startedInMs.toFixed(0)} ms (spawn → /api/ready 200)`)
    }
  }
  finally {
    rmSync(dataDir, { recursive: true, force: true })
    await admin?.unsafe(`drop database if exists ${name} with (force)`)
    await admin?.end()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { database: { type: 'string' } } })
  await measureColdStart(values.database)
}
