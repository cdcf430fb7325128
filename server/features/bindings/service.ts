import type { BindInput } from '#shared/schemas/bindings.ts'
import type { Deps } from '../../http/context.ts'
import { and, eq, or } from 'drizzle-orm'
import { claimAttempt, refundAttempt } from '../../auth/limits.ts'
import { auditEvents, bindings, recordGuardians, studentRecords } from '../../db/schema/index.ts'
import { matchesSealed } from '../../db/sealedLookup.ts'
import { AppError } from '../../http/errors.ts'

const HOUR = 3600_000
// design: 5 failed bindings an hour per account, 20 per address; the same answer whatever failed.
const limits = {
  account: { kind: 'window', max: 5, windowMs: HOUR },
  address: { kind: 'window', max: 20, windowMs: HOUR },
} as const

const shanghaiClock = (d: Date) => d.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false })
// What to check differs: a student's own name and number; a parent's too, and the phone the record holds.
const whatToCheck = { self: '请核对姓名和身份证件号', guardian: '请核对您和孩子的姓名、证件号，并确认登录手机号是学籍上登记的监护人电话' }

function noMatch(relation: BindInput['relation'], triesLeft: number, until: Date) {
  const then = triesLeft > 0
    ? `还可以再试 ${triesLeft} 次`
    : `已连续 ${limits.account.max} 次不一致，为保护学籍信息，绑定暂停到 ${shanghaiClock(until)}`
  return new AppError(400, 'BIND_NO_MATCH', `填写的信息与学籍记录不一致，${whatToCheck[relation]}；${then}`, { triesLeft, ...(triesLeft > 0 ? {} : { lockedUntil: until.toISOString() }) })
}

function locked(retryAfterSeconds: number, now: Date, byAddress: boolean) {
  const until = new Date(now.getTime() + retryAfterSeconds * 1000)
  const why = byAddress ? `这个网络 1 小时内核对不一致已达 ${limits.address.max} 次` : `1 小时内核对不一致已达 ${limits.account.max} 次`
  return new AppError(429, 'BIND_RATE_LIMITED', `${why}，为保护学籍信息，绑定暂停到 ${shanghaiClock(until)}（约 ${Math.ceil(retryAfterSeconds / 60)} 分钟后）再试`, { retryAfterSeconds, lockedUntil: until.toISOString(), triesLeft: 0 })
}

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

/**
 * 实名绑定. Never tells whether an ID number exists: every mismatch gives the same answer.
 * Each try is claimed (one conditional upsert per limit) before anything is compared, so a burst
 * cannot outrun the count; a binding that matches gives its try back.
 */
export async function bindRecord(deps: Deps, account: { accountId: string, phone: string }, input: BindInput, ip: string) {
  const now = deps.now()
  const keys = { account: `bind:${account.accountId}`, address: `bind-ip:${ip}` }
  const mine = await claimAttempt(deps.db, keys.account, limits.account, now)
  if (!mine.won)
    throw locked(mine.retryAfterSeconds, now, false)
  const fromHere = await claimAttempt(deps.db, keys.address, limits.address, now)
  if (!fromHere.won) {
    await refundAttempt(deps.db, keys.account, limits.account)
    throw locked(fromHere.retryAfterSeconds, now, true)
  }

  const match = input.relation === 'self' ? await matchSelf(deps, input) : await matchGuardian(deps, input, account.phone)
  if (!match) {
    await deps.db.insert(auditEvents).values({ actorId: account.accountId, action: 'binding.failed', clientIp: ip, detail: { relation: input.relation } })
    throw noMatch(input.relation, limits.account.max - mine.attempts, mine.blockedUntil)
  }
  await refundAttempt(deps.db, keys.account, limits.account)
  await refundAttempt(deps.db, keys.address, limits.address)
  return deps.db.transaction(async (tx) => {
    const inserted = await tx.insert(bindings).values({ accountId: account.accountId, relation: input.relation, ...match }).onConflictDoNothing().returning({ id: bindings.id })
    if (inserted.length > 0)
      await tx.insert(auditEvents).values({ actorId: account.accountId, action: 'binding.created', recordId: match.recordId, clientIp: ip, detail: { relation: input.relation } })
    return { recordId: match.recordId, relation: input.relation, created: inserted.length > 0 }
  })
}
