import type { BindInput } from '#shared/schemas/records.ts'
import type { Deps } from '../../http/context.ts'
import { and, eq, or } from 'drizzle-orm'
import { auditEvents, bindings, recordGuardians, studentRecords } from '../../db/schema/index.ts'
import { matchesSealed } from '../../db/sealedLookup.ts'
import { AppError, rateLimited } from '../../http/errors.ts'
import { countFailures } from '../auth/queries.ts'
import { recordFailure } from '../auth/service.ts'

const HOUR = 3600_000
// design: 5 failed bindings an hour per account, 20 per address; the same answer whatever failed.
const limits = { perAccount: 5, perIp: 20 }
const noMatch = () => new AppError(400, 'BIND_NO_MATCH', '填写的信息与学籍记录不一致，请核对姓名、证件号和登录手机号')

interface Match { recordId: string, holderName: string, holderIdNumber: string }

async function matchSelf(deps: Deps, input: Extract<BindInput, { relation: 'self' }>): Promise<Match | null> {
  const [record] = await deps.db.select().from(studentRecords).where(matchesSealed(studentRecords.idNumberIndex, input.idNumber))
  if (!record || record.name !== input.name || (input.registryNo && record.registryNo !== input.registryNo))
    return null
  return { recordId: record.id, holderName: record.name, holderIdNumber: input.idNumber }
}

// 003:20: a guardian may query the child's record; the parent must be a recorded guardian
// (是否监护人 = 是) whose name, number and phone all match.
async function matchGuardian(deps: Deps, input: Extract<BindInput, { relation: 'guardian' }>, phone: string): Promise<Match | null> {
  const byChild = or(
    input.childIdNumber ? matchesSealed(studentRecords.idNumberIndex, input.childIdNumber) : undefined,
    input.childRegistryNo ? matchesSealed(studentRecords.registryNoIndex, input.childRegistryNo) : undefined,
  )
  const [row] = await deps.db.select({ recordId: studentRecords.id, childName: studentRecords.name })
    .from(studentRecords)
    .innerJoin(recordGuardians, eq(recordGuardians.recordId, studentRecords.id))
    .where(and(
      byChild,
      eq(recordGuardians.isGuardian, true),
      eq(recordGuardians.name, input.guardianName),
      matchesSealed(recordGuardians.idNumberIndex, input.guardianIdNumber),
      eq(recordGuardians.phone, phone),
    ))
  if (!row || row.childName !== input.childName)
    return null
  return { recordId: row.recordId, holderName: input.guardianName, holderIdNumber: input.guardianIdNumber }
}

/** 实名绑定. Never tells whether an ID number exists: every mismatch gives the same answer. */
export async function bindRecord(deps: Deps, account: { accountId: string, phone: string }, input: BindInput, ip: string) {
  const since = new Date(deps.now().getTime() - HOUR)
  if (await countFailures(deps.db, 'binding', 'subject', account.accountId, since) >= limits.perAccount
    || await countFailures(deps.db, 'binding', 'ip', ip, since) >= limits.perIp) {
    throw rateLimited('BIND_RATE_LIMITED', HOUR / 1000)
  }

  const match = input.relation === 'self' ? await matchSelf(deps, input) : await matchGuardian(deps, input, account.phone)
  if (!match) {
    await recordFailure(deps, 'binding', account.accountId, ip)
    await deps.db.insert(auditEvents).values({ actorId: account.accountId, action: 'binding.failed', clientIp: ip, detail: { relation: input.relation } })
    throw noMatch()
  }
  return deps.db.transaction(async (tx) => {
    const inserted = await tx.insert(bindings).values({ accountId: account.accountId, relation: input.relation, ...match }).onConflictDoNothing().returning({ id: bindings.id })
    if (inserted.length > 0)
      await tx.insert(auditEvents).values({ actorId: account.accountId, action: 'binding.created', recordId: match.recordId, clientIp: ip, detail: { relation: input.relation } })
    return { recordId: match.recordId, relation: input.relation, created: inserted.length > 0 }
  })
}
