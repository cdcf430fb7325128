import type { Context } from 'hono'
import type { SmsSender } from '../auth/sms.ts'
import type { Db } from '../db/client.ts'
import type { Env } from '../env.ts'
import type { RecordForReader } from '../features/records/storedPage.ts'
import type { PushSender } from '../push/gateway.ts'
import type { Logger } from './log.ts'
import { getConnInfo } from '@hono/node-server/conninfo'

export interface Deps {
  db: Db
  dbKind: 'pglite' | 'postgres'
  env: Env
  sms: SmsSender
  push: PushSender
  log: Logger
  /** True once a shutdown has begun: readiness answers 503 so the proxy stops sending traffic. */
  draining?: () => boolean
  /** The current instant; tests move it forward. */
  now: () => Date
}

export interface SignedIn {
  tokenHash: string
  accountId: string
  kind: 'citizen' | 'officer'
  phone: string | null
  unitId: string | null
  unitPath: string | null
  role: string | null
  displayName: string | null
  verifiedAt: Date
  lastSeenAt: Date
  /** An officer whose unit requires a second factor they have not set up: only enrolment is open to them. */
  mustEnrolTotp: boolean
  /** An officer signed in with a one-time password: only the password change (security page) is open. */
  mustChangePassword: boolean
}

export interface AppEnv {
  Variables: {
    deps: Deps
    signedIn: SignedIn | null
    requestId: string
    /** The record page, read with the session check by `recordPageWithSession` (GET /records/{id}). */
    recordPage?: RecordForReader | null
  }
}

export type Ctx = Context<AppEnv>

/** The client address, for rate limits and the audit log. */
export function clientIp(c: Ctx): string {
  if (c.get('deps').env.TRUST_PROXY) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (forwarded)
      return forwarded
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  }
  catch {
    return 'local' // app.request() in tests has no socket
  }
}
