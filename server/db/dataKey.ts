import type { Buffer } from 'node:buffer'
import type { Env } from '../env.ts'
import type { Keyring } from './keyring.ts'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createKeyring, hasKeyring, installKeyring, keyring, newDataKey, parseDataKey } from './keyring.ts'

/**
 * Installs the data key before the database is opened: DATA_KEY (required in production, with
 * DATA_KEYS_PREVIOUS during a rotation); in the demo, a key generated once into DATA_DIR so the
 * embedded database stays readable across restarts; for an in-memory database, a key for this process.
 */
export function installDataKey(env: Pick<Env, 'DATA_KEY' | 'DATA_KEYS_PREVIOUS' | 'DATA_DIR'>, databaseLocation: string): Keyring {
  const previous = env.DATA_KEYS_PREVIOUS?.split(',').map(parseDataKey) ?? []
  if (env.DATA_KEY)
    installKeyring(createKeyring(parseDataKey(env.DATA_KEY), previous))
  else if (databaseLocation === 'memory://')
    !hasKeyring() && installKeyring(createKeyring(randomBytes(32)))
  else
    installKeyring(createKeyring(demoKey(env.DATA_DIR), previous))
  return keyring()
}

// design: the demo's key lives beside its data; production keeps DATA_KEY apart from the database.
function demoKey(dataDir: string): Buffer {
  const file = join(dataDir, 'data.key')
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, `${newDataKey()}\n`, { mode: 0o600, flag: 'wx' })
  }
  return parseDataKey(readFileSync(file, 'utf8'))
}
