import type { Db } from '../../db/client.ts'
import { z } from '@hono/zod-openapi'
import { eq } from 'drizzle-orm'
import { accounts, bindings, studentRecords, units } from '../../db/schema/index.ts'
import { totpStatus } from './officerSecurity.ts'

export const meSchema = z.object({
  accountId: z.string(),
  kind: z.enum(['citizen', 'officer']),
  displayName: z.string().nullable(),
  phone: z.string().nullable(),
  role: z.string().nullable(),
  unit: z.object({ id: z.string(), name: z.string(), kind: z.string() }).nullable(),
  /** Officers only: whether they have a second factor, and whether their unit requires one. */
  totp: z.object({ enabled: z.boolean(), required: z.boolean() }).nullable(),
  /** Officers signed in with a one-time password must set their own first. */
  mustChangePassword: z.boolean(),
  bindings: z.array(z.object({
    recordId: z.string(),
    relation: z.enum(['self', 'guardian']),
    studentName: z.string(),
    schoolName: z.string(),
  })),
})

export async function describeMe(db: Db, accountId: string): Promise<z.infer<typeof meSchema>> {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId))
  if (!account)
    throw new Error(`account ${accountId} vanished`)
  const [unit] = account.unitId
    ? await db.select({ id: units.id, name: units.name, kind: units.kind }).from(units).where(eq(units.id, account.unitId))
    : []
  const bound = await db.select({
    recordId: bindings.recordId,
    relation: bindings.relation,
    studentName: studentRecords.name,
    schoolName: units.name,
  }).from(bindings).innerJoin(studentRecords, eq(studentRecords.id, bindings.recordId)).innerJoin(units, eq(units.id, studentRecords.schoolUnitId)).where(eq(bindings.accountId, accountId)).orderBy(bindings.boundAt)
  return {
    accountId,
    kind: account.kind,
    displayName: account.displayName,
    phone: account.phone,
    role: account.role,
    unit: unit ?? null,
    totp: account.kind === 'officer' ? await totpStatus(db, accountId).then(t => ({ enabled: t.enabled, required: t.required })) : null,
    mustChangePassword: account.passwordMustChange,
    bindings: bound,
  }
}
