// The server's Ed25519 key for 学历证明书 (node:crypto). One key, created on first use; its
// public half is published at GET /api/verify/public-key so certificates can be checked offline.
// design: the private key lives in the signing_keys table as PKCS#8 PEM, as the schema intends;
// moving it to a KMS or encrypting it at rest is a later hardening step.

import type { KeyObject } from 'node:crypto'
import type { CertificateContent } from '#shared/certificates/payload.ts'
import type { Db } from '../../db/client.ts'
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { toBase64url } from '#shared/certificates/base64url.ts'
import { contentBytes } from '#shared/certificates/payload.ts'
import { signingKeys } from '../../db/schema/index.ts'

/** The id of the key in use; a rotation adds a new row under a new id and keeps the old one published. */
export const CURRENT_KEY_ID = 'cert-1'

export interface SigningKey {
  id: string
  privateKey: KeyObject
  publicKeyPem: string
  /** the 32 raw bytes of the public key, base64url */
  publicKeyRaw: string
  createdAt: Date
}

const loaded = new WeakMap<Db, Promise<SigningKey>>()

/** The current signing key, created in the database the first time any process needs it. */
export function signingKey(db: Db): Promise<SigningKey> {
  let key = loaded.get(db)
  if (!key) {
    key = loadOrCreate(db)
    key.catch(() => loaded.delete(db))
    loaded.set(db, key)
  }
  return key
}

async function loadOrCreate(db: Db): Promise<SigningKey> {
  const row = await db.transaction(async (tx) => {
    const [existing] = await tx.select().from(signingKeys).where(eq(signingKeys.id, CURRENT_KEY_ID))
    if (existing)
      return existing
    // Two processes may both get here: the first insert wins, the other does nothing and reads it.
    const pair = generateKeyPairSync('ed25519')
    await tx.insert(signingKeys).values({
      id: CURRENT_KEY_ID,
      publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    }).onConflictDoNothing({ target: signingKeys.id })
    const [stored] = await tx.select().from(signingKeys).where(eq(signingKeys.id, CURRENT_KEY_ID))
    return stored!
  })
  const publicKey = createPublicKey(row.publicKey)
  return {
    id: row.id,
    privateKey: createPrivateKey(row.privateKey),
    publicKeyPem: row.publicKey,
    publicKeyRaw: publicKey.export({ format: 'jwk' }).x!,
    createdAt: row.createdAt,
  }
}

/** Signs the canonical bytes of the content; the signature is base64url (64 bytes). */
export function signContent(key: SigningKey, content: CertificateContent): string {
  return toBase64url(sign(null, contentBytes(content), key.privateKey))
}
