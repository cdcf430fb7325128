import { Buffer } from 'node:buffer'
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto'

/**
 * Identity numbers at rest (DOMAIN §6, 002:25): sealed with AES-256-GCM under the data key, and
 * found again through a blind index (HMAC-SHA-256 of the value under a key derived from the same
 * data key). A sealed value is `v1.<keyId>.<iv>.<ciphertext+tag>`, so a value names the key that
 * sealed it and a rotated key can still open old values until they are resealed.
 */
export interface Keyring {
  /** The id of the key new values are sealed with. */
  currentKeyId: string
  seal: (plaintext: string) => string
  /** Opens a sealed value; a value that was never sealed (stored before encryption) comes back as it is. */
  open: (stored: string) => string
  /** The blind index under the current key: what is stored beside the sealed value. */
  index: (value: string) => string
  /** The blind indexes under every key in the ring: what a lookup matches during a rotation. */
  lookups: (value: string) => string[]
}

const PREFIX = 'v1'
const INDEX_LENGTH = 32 // base64url characters: 192 bits, no collision in any registry's lifetime

interface DataKey { id: string, sealKey: Buffer, indexKey: Buffer }

export const isSealed = (stored: string) => /^v1\.[\w-]{8}\.[\w-]{16}\.[\w-]+$/.test(stored)

/** Reads a configured key: 32 bytes as base64 or hex (`openssl rand -base64 32`). */
export function parseDataKey(text: string): Buffer {
  const trimmed = text.trim()
  const bytes = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64')
  if (bytes.length !== 32)
    throw new Error('must be 32 bytes, base64 or hex encoded (openssl rand -base64 32)')
  return bytes
}

export const newDataKey = () => randomBytes(32).toString('base64')

function derive(master: Buffer): DataKey {
  // design: one configured secret, two purposes: separate subkeys so the index never reveals the seal key.
  const sub = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32))
  return {
    id: createHash('sha256').update(master).digest('base64url').slice(0, 8),
    sealKey: sub('xjt seal v1'),
    indexKey: sub('xjt blind index v1'),
  }
}

// design: IVs are drawn from the CSPRNG 1,024 at a time; one call per IV cost more than the
// encryption itself when an import seals 200,000 values (issue 12 benchmark). Still random, never reused.
const IV_BYTES = 12
let ivPool = Buffer.alloc(0)
let ivAt = 0
function nextIv() {
  if (ivAt + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_BYTES * 1024)
    ivAt = 0
  }
  ivAt += IV_BYTES
  return ivPool.subarray(ivAt - IV_BYTES, ivAt)
}

export function createKeyring(current: Buffer, previous: Buffer[] = []): Keyring {
  const active = derive(current)
  const byId = new Map([active, ...previous.map(derive)].map(k => [k.id, k]))
  const indexUnder = (key: DataKey, value: string) => createHmac('sha256', key.indexKey).update(value, 'utf8').digest('base64url').slice(0, INDEX_LENGTH)
  return {
    currentKeyId: active.id,
    seal(plaintext) {
      const iv = nextIv()
      const cipher = createCipheriv('aes-256-gcm', active.sealKey, iv)
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()])
      return `${PREFIX}.${active.id}.${iv.toString('base64url')}.${body.toString('base64url')}`
    },
    open(stored) {
      if (!isSealed(stored))
        return stored
      const [, keyId, iv, body] = stored.split('.') as [string, string, string, string]
      const key = byId.get(keyId)
      if (!key)
        throw new Error(`a value is sealed with key ${keyId}, which is not in DATA_KEY or DATA_KEYS_PREVIOUS`)
      const bytes = Buffer.from(body, 'base64url')
      const decipher = createDecipheriv('aes-256-gcm', key.sealKey, Buffer.from(iv, 'base64url'))
      decipher.setAuthTag(bytes.subarray(bytes.length - 16))
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8')
    },
    index: value => indexUnder(active, value),
    lookups: value => [...byId.values()].map(k => indexUnder(k, value)),
  }
}

let installed: Keyring | null = null

/**
 * The process's keyring. Column types read it when values cross the driver boundary, so it is
 * installed once at start (server/serve.ts, the CLIs, the test harness) before the database is used.
 */
export function keyring(): Keyring {
  if (!installed)
    throw new Error('no data key installed: call installKeyring() before using the database')
  return installed
}

export function installKeyring(ring: Keyring) {
  installed = ring
}

/** True once a keyring is installed; test servers in one process share the first. */
export const hasKeyring = () => installed !== null
