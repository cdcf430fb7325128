import type { Buffer } from 'node:buffer'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { afterAll, describe, expect, it } from 'vitest'

/** Starts `server/main.ts` as an operator would; resolves with its output once it is up or has exited. */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const ready = new Promise<{ code: number | null, output: string }>((resolve) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('is running'))
        resolve({ code: null, output })
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.on('exit', code => resolve({ code, output }))
  })
  return { child, ready }
}

describe('starting the server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xjt-start-'))
  const children: ReturnType<typeof start>['child'][] = []
  afterAll(() => {
    for (const child of children)
      child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('a second process on the same embedded data directory refuses to start, naming the directory and the holder (issue 9, defect 6)', async () => {
    const first = start({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' })
    children.push(first.child)
    expect((await first.ready).output).toContain('is running')
    const second = start({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' })
    children.push(second.child)
    const { code, output } = await second.ready
    expect(code).toBe(1)
    expect(output).toContain(`in use by process ${first.child.pid}`)
    expect(output).toContain(join(dataDir, 'pglite'))
  }, 60_000)

  it('an unreachable DATABASE_URL names the setting and exits 1 without a stack trace or the password (defect 7)', async () => {
    const { child, ready } = start({ DATABASE_URL: 'postgres://someone:s3cret@127.0.0.1:1/nowhere', PORT: '0' })
    children.push(child)
    const { code, output } = await ready
    expect(code).toBe(1)
    expect(output).toContain('DATABASE_URL: cannot connect to PostgreSQL at 127.0.0.1:1/nowhere (ECONNREFUSED)')
    expect(output).not.toContain('s3cret')
    expect(output).not.toMatch(/\n\s+at /)
  }, 30_000)
})
