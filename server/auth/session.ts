import type { SQL } from 'drizzle-orm'
import type { Buffer } from 'node:buffer'
import type { Db } from '../db/client.ts'
import type { Ctx, Deps, SignedIn } from '../http/context.ts'
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { columnPositions, preparedOnce, rawFlag, rawInstant, rawStatementOnce, rawText } from '../db/prepared.ts'
import { accounts, sessions, units, unitSecurity } from '../db/schema/index.ts'
import { forbidden, unauthorized } from '../http/errors.ts'
import { newToken, sha256 } from './tokens.ts'

export const SESSION_COOKIE = 'xjt_session'
const HOUR = 3600_000
// design: a phone stays signed in for a week; an officer's desk session ends after a working day.
const lifetime = { citizen: 7 * 24 * HOUR, officer: 12 * HOUR }

// design: "last seen" is refreshed at most every 5 minutes, so most requests only read the session.
const LAST_SEEN_STEP = 5 * 60_000

export async function startSession(c: Ctx, accountId: string, kind: 'citizen' | 'officer') {
  const token = newToken()
  const now = c.get('deps').now()
  await c.get('deps').db.insert(sessions).values({
    tokenHash: sha256(token),
    accountId,
    createdAt: now,
    verifiedAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + lifetime[kind]),
    device: describeDevice(c.req.header('user-agent')),
  })
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.get('deps').env.COOKIE_SECURE,
    path: '/',
    maxAge: lifetime[kind] / 1000,
  })
}

export async function endSession(c: Ctx) {
  const signedIn = c.get('signedIn')
  if (signedIn)
    await c.get('deps').db.delete(sessions).where(eq(sessions.tokenHash, signedIn.tokenHash))
  deleteCookie(c, SESSION_COOKIE, { path: '/' })
}

/** What a session check reads: the session and its account (with the unit's path, for jurisdiction). */
const sessionColumns = {
  tokenHash: sessions.tokenHash,
  accountId: accounts.id,
  kind: accounts.kind,
  phone: accounts.phone,
  unitId: accounts.unitId,
  unitPath: units.path,
  role: accounts.role,
  displayName: accounts.displayName,
  verifiedAt: sessions.verifiedAt,
  mustChangePassword: accounts.passwordMustChange,
  lastSeenAt: sessions.lastSeenAt,
  // 'officer' = the account kind; a requirement set on the unit or any unit above it applies.
  mustEnrolTotp: sql<boolean>`(${accounts.kind} = 'officer' and ${accounts.totpSecret} is null and exists (
    select 1 from ${unitSecurity} join ${units} as above on above.id = ${unitSecurity.unitId}
    where ${unitSecurity.requireTotp} and starts_with(${units.path}, above.path)))`,
}

/**
 * The session check with more columns beside it, for a route that reads its data in the same round
 * trip (placeholders `tokenHash` and `now`): the record page, the hottest read (issue 14).
 * Whatever else it selects may refer to `accounts` and `units` (the account's own unit).
 */
export function selectSessionWith<T extends Record<string, SQL.Aliased | SQL>>(db: Db, more: T) {
  return db.select({ ...sessionColumns, ...more })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .leftJoin(units, eq(units.id, accounts.unitId))
}

/** The session's own fields of a row that `selectSessionWith` read with others. */
export function sessionOf(row: SignedIn): SignedIn {
  return Object.fromEntries(Object.keys(sessionColumns).map(k => [k, row[k as keyof SignedIn]])) as unknown as SignedIn
}

const sessionKeys = Object.keys(sessionColumns) as (keyof typeof sessionColumns)[]
/** How many columns of a `selectSessionWith` row are the session's: the route's own come after them. */
export const SESSION_COLUMNS = sessionKeys.length
// Where each column is in such a row (sessionColumns' order).
const at = columnPositions<keyof typeof sessionColumns>(sessionKeys)

/**
 * The session of a row read as PostgreSQL's own text bytes (postgres.js `raw`, see rawStatementOnce):
 * its first SESSION_COLUMNS values. (Every column named: SignedIn's type says none is missing.)
 */
export function sessionOfBytes(row: (Buffer | null)[]): SignedIn {
  return {
    tokenHash: rawText(row[at.tokenHash]!)!,
    accountId: rawText(row[at.accountId]!)!,
    kind: rawText(row[at.kind]!) as SignedIn['kind'],
    phone: rawText(row[at.phone]!),
    unitId: rawText(row[at.unitId]!),
    unitPath: rawText(row[at.unitPath]!),
    role: rawText(row[at.role]!),
    displayName: rawText(row[at.displayName]!),
    verifiedAt: rawInstant(row[at.verifiedAt]!)!,
    mustChangePassword: rawFlag(row[at.mustChangePassword]!),
    lastSeenAt: rawInstant(row[at.lastSeenAt]!)!,
    mustEnrolTotp: rawFlag(row[at.mustEnrolTotp]!),
  }
}

/** A live session: the cookie's, not expired, its account not disabled. */
export const liveSession = and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), gt(sessions.expiresAt, sql`${sql.placeholder('now')}::timestamptz`), isNull(accounts.disabledAt))

/** The session behind a cookie, with its account: built once per database and reused (issue 14: every request runs it). */
export const sessionByToken = preparedOnce('session_by_token', db => selectSessionWith(db, {}).where(liveSession))
// On PostgreSQL read as its text bytes, as the record read is: without drizzle's row mapping.
const sessionByTokenAsSent = rawStatementOnce(db => selectSessionWith(db, {}).where(liveSession))

/** The live session of these placeholders (`sessionParams`), or null. */
async function findSession(deps: Pick<Deps, 'db' | 'dbKind'>, params: { tokenHash: string, now: string }): Promise<SignedIn | null> {
  if (deps.dbKind === 'pglite')
    return (await sessionByToken(deps.db).execute(params))[0] ?? null
  const [row] = await sessionByTokenAsSent(deps.db, params)
  return row ? sessionOfBytes(row) : null
}

/** The placeholders of a session check for this request's cookie; null without one. */
export function sessionParams(c: Ctx): { tokenHash: string, now: string } | null {
  const token = getCookie(c, SESSION_COOKIE)
  return token ? { tokenHash: sha256(token), now: c.get('deps').now().toISOString() } : null
}

/** Takes the session a check found (or null) as this request's. */
export async function signInAs(c: Ctx, row: SignedIn | null) {
  c.set('signedIn', row)
  const now = c.get('deps').now()
  if (row && now.getTime() - row.lastSeenAt.getTime() > LAST_SEEN_STEP)
    await c.get('deps').db.update(sessions).set({ lastSeenAt: now }).where(and(eq(sessions.tokenHash, row.tokenHash), lt(sessions.lastSeenAt, now)))
}

/** Loads the signed-in account, if any, from the session cookie, unless the route's own statement already did. */
export const loadSession = createMiddleware(async (c: Ctx, next) => {
  if (c.get('signedIn') === undefined) {
    const params = sessionParams(c)
    await signInAs(c, params && await findSession(c.get('deps'), params))
  }
  await next()
})

/** Signed in, but as the other kind of account: 403, so the app does not send them to sign in again. */
const wrongAccountKind = () => forbidden('WRONG_ACCOUNT_KIND', '当前登录的账号不能使用此功能')

export function requireSignedIn(c: Ctx): SignedIn {
  const s = c.get('signedIn')
  if (!s)
    throw unauthorized()
  return s
}

export function requireCitizen(c: Ctx): SignedIn {
  const s = requireSignedIn(c)
  if (s.kind !== 'citizen')
    throw wrongAccountKind()
  return s
}

/** An officer, even one who still has to set up the second factor their unit requires (their security page). */
export function requireOfficerAccount(c: Ctx): SignedIn & { unitId: string, unitPath: string } {
  const s = requireSignedIn(c)
  if (s.kind !== 'officer' || !s.unitId || !s.unitPath)
    throw wrongAccountKind()
  return s as SignedIn & { unitId: string, unitPath: string }
}

export function requireOfficer(c: Ctx): SignedIn & { unitId: string, unitPath: string } {
  const s = requireOfficerAccount(c)
  refuseBeforeSecurity(s)
  return s
}

/** An officer on a one-time password, or without the second factor their unit requires: only their security page is open. */
export function refuseBeforeSecurity(s: SignedIn) {
  if (s.kind === 'officer' && s.mustChangePassword)
    throw forbidden('PASSWORD_CHANGE_REQUIRED', '这是一次性密码，请先在“账号安全”中设置自己的密码')
  if (s.kind === 'officer' && s.mustEnrolTotp)
    throw forbidden('SECOND_FACTOR_ENROLMENT_REQUIRED', '本单位要求开启动态验证码，请先在“账号安全”中完成设置')
}

/** A short name for the browser and system ("Chrome · Android"), so a person can tell sessions apart. */
export function describeDevice(userAgent: string | undefined): string | null {
  if (!userAgent)
    return null
  const browser = [['MicroMessenger', '微信'], ['Edg/', 'Edge'], ['Firefox/', 'Firefox'], ['Chrome/', 'Chrome'], ['Safari/', 'Safari']].find(([k]) => userAgent.includes(k!))?.[1]
  const system = [['Android', 'Android'], ['iPhone', 'iPhone'], ['iPad', 'iPad'], ['Windows', 'Windows'], ['Mac OS', 'macOS'], ['Linux', 'Linux']].find(([k]) => userAgent.includes(k!))?.[1]
  return [browser, system].filter(Boolean).join(' · ') || null
}
