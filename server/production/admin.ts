import type { Db } from '../db/client.ts'
import { randomInt } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { passwordWeakness } from '#shared/schemas/auth.ts'
import { hashPassword } from '../auth/password.ts'
import { accounts, units } from '../db/schema/index.ts'

/** The administrator cannot be created; the message says why, naming no personal data. */
export class AdminError extends Error {}

// design: no 0/O, 1/l/I, so the password survives being read aloud or copied from a terminal by hand.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** A one-time password: four groups of five, about 115 bits, e.g. `Kx7mQ-…`. */
export function oneTimePassword(): string {
  for (;;) {
    const groups = Array.from({ length: 4 }, () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''))
    const password = groups.join('-')
    if (!passwordWeakness(password))
      return password
  }
}

/**
 * Creates an officer at a unit (`410000` or `u-410000`) with a one-time password they must replace
 * at first sign-in. The province's first administrator holds the `admin` role (issue 12): they create
 * the other officers' accounts, their own unit's and those of the units below it.
 */
export async function createAdministrator(db: Db, input: { unit: string, username: string, name: string, role?: 'admin' | 'head' | 'leader' | 'officer' }) {
  const unitId = input.unit.startsWith('u-') ? input.unit : `u-${input.unit}`
  const [unit] = await db.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, unitId))
  if (!unit)
    throw new AdminError(`--unit: no unit ${input.unit}; the province's units are created when the server first starts with DEMO=false`)
  if (!/^[\w.-]{3,40}$/.test(input.username))
    throw new AdminError('--username: 3 to 40 letters, digits, dots, dashes or underscores')
  if (!input.name.trim())
    throw new AdminError('--name: required')
  const password = oneTimePassword()
  const created = await db.insert(accounts).values({
    kind: 'officer',
    username: input.username,
    displayName: input.name.trim(),
    unitId,
    role: input.role ?? 'admin',
    passwordHash: await hashPassword(password),
    passwordMustChange: true,
  }).onConflictDoNothing().returning({ id: accounts.id })
  if (created.length === 0)
    throw new AdminError(`--username: ${input.username} is taken`)
  return { password, unitName: unit.name }
}
