import type { DestinationStream, Logger } from 'pino'
import type { Ctx } from './context.ts'
import { matchedRoutes } from 'hono/route'
import pino from 'pino'

export type { Logger }

/**
 * Structured JSON logs. What goes in: ids, route patterns, status codes, durations and error
 * classes. What never goes in: bodies, query strings, headers, SQL parameters, or an error's
 * message (a failed query's message carries its parameters: ID numbers and phones, 002:25).
 */
export function createLogger(opts: { level?: string, destination?: DestinationStream } = {}): Logger {
  return pino({ level: opts.level ?? 'info', base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, opts.destination)
}

/** Logs one line per request (`edge`): id, method, route pattern (never the raw path), status, duration. */
export function logRequest(c: Ctx, requestId: string, startedAt: number) {
  const { log } = c.get('deps')
  if (log.isLevelEnabled('info'))
    log.info({ requestId, method: c.req.method, route: routeOf(c), status: c.res.status, ms: Math.round(performance.now() - startedAt) }, 'request')
}

/** What routeOf answers for a request no route took. */
export const UNMATCHED = 'unmatched'

/** The matched route's pattern (`/api/records/:id`), so no identifier from a path reaches the log. */
export function routeOf(c: Ctx): string {
  // Middleware and the app shell's catch-all match too; the route is the last one with no wildcard.
  return matchedRoutes(c).findLast(r => r.method !== 'ALL' && !r.path.endsWith('*'))?.path ?? UNMATCHED
}

/** What of an error may be logged: its class and, for database errors, the SQLSTATE code. */
export function describeError(err: unknown): { errorClass: string, causeClass?: string, sqlState?: string } {
  const e = err as { name?: string, constructor?: { name?: string }, cause?: unknown, code?: unknown }
  const cause = e?.cause as typeof e | undefined
  const sqlState = [e?.code, cause?.code].find(code => typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) as string | undefined
  return {
    errorClass: e?.constructor?.name ?? e?.name ?? typeof err,
    ...(cause ? { causeClass: cause.constructor?.name ?? 'unknown' } : {}),
    ...(sqlState ? { sqlState } : {}),
  }
}
