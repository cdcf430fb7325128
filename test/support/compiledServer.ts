import type { Buffer } from 'node:buffer'
import type { ChildProcess } from 'node:child_process'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'

export const COMPILED_SERVER = 'dist-server/main.js'

function newest(dir: string): number {
  let t = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

/** Builds the production server (`npm run build:server`) unless dist-server is newer than its sources. */
export function ensureCompiledServer() {
  const built = existsSync(COMPILED_SERVER) ? statSync(COMPILED_SERVER).mtimeMs : 0
  if (built >= Math.max(newest('server'), newest('shared'), statSync('vite.server.config.ts').mtimeMs))
    return
  const run = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.server.config.ts', '--logLevel', 'warn'], { encoding: 'utf8' })
  if (run.status !== 0)
    throw new Error(`npm run build:server failed:\n${run.stdout}\n${run.stderr}`)
}

/** The settings of `.env.production.example`, unchanged, as an operator's EnvironmentFile gives them. */
export function productionExample(): Record<string, string> {
  const settings: Record<string, string> = {}
  for (const line of readFileSync('.env.production.example', 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim())
    if (m)
      settings[m[1]!] = m[2]!
  }
  return settings
}

/**
 * BENCH_CPU_PROF=<dir>: the server writes a CPU profile there when it exits; BENCH_PERF=1: it writes
 * /tmp/perf-<pid>.map, for `perf report` to name its compiled JavaScript (the bench's profiles, issue 14).
 */
function cpuProfile(): string[] {
  const dir = process.env.BENCH_CPU_PROF
  const perf = ['--perf-basic-prof', '--no-logfile-per-isolate', '--logfile=.bench/v8.log'] // (V8's log, written beside it, kept out of the checkout)
  return [...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []), ...(process.env.BENCH_PERF ? perf : [])]
}

export interface RunningServer { child: ChildProcess, base: string, output: () => string, stop: () => Promise<number | null>, startedInMs: number }

/**
 * Starts `node dist-server/main.js` (what `npm run start:prod` runs) with exactly `env` (plus PATH)
 * and waits until GET /api/ready answers 200; `startedInMs` is spawn to ready.
 */
export async function startCompiledServer(env: Record<string, string>, timeoutMs = 150_000): Promise<RunningServer> {
  const t0 = performance.now()
  const child = spawn(process.execPath, [...cpuProfile(), COMPILED_SERVER], { env: { PATH: process.env.PATH ?? '', ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const exited = new Promise<number | null>(resolve => child.on('exit', resolve))
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within ${timeoutMs} ms: ${output}`)), timeoutMs)
    const collect = (chunk: Buffer) => {
      output += chunk.toString()
      const found = /is running: http:\/\/localhost:(\d+)\//.exec(output)
      if (found) {
        clearTimeout(timer)
        resolve(found[1]!)
      }
    }
    child.stdout!.on('data', collect)
    child.stderr!.on('data', collect)
    child.on('exit', () => {
      clearTimeout(timer)
      reject(new Error(`exited: ${output}`))
    })
  })
  const base = `http://127.0.0.1:${port}`
  while ((await fetch(`${base}/api/ready`).catch(() => null))?.status !== 200) {
    if (performance.now() - t0 > timeoutMs)
      throw new Error(`not ready within ${timeoutMs} ms: ${output}`)
    await new Promise(r => setTimeout(r, 20))
  }
  const startedInMs = performance.now() - t0
  return {
    child,
    base,
    output: () => output,
    startedInMs,
    stop: async () => {
      if (child.exitCode === null)
        child.kill('SIGTERM')
      return exited
    },
  }
}
