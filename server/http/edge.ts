import type { MiddlewareHandler } from 'hono'
import type { AppEnv, Ctx, Deps } from './context.ts'
import { randomUUID } from 'node:crypto'
import { readBodyWithin } from './body.ts'
import { compressAnswer } from './compress.ts'
import { AppError } from './errors.ts'
import { crossSiteRefusal } from './guards.ts'
import { logRequest } from './log.ts'
import { withRequestClock } from './requestClock.ts'
import { setSecurityHeaders } from './securityHeaders.ts'

const API_BODY_LIMIT = 256 * 1024

/** Whether a path is the API's (`/api` and below), for the edge, the 404 and the app shell alike. */
export const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/')

/**
 * Every request's way in and out, in one middleware: what each answer carries (security headers, and for
 * the API a request id, `no-store`, compression and a log line) and what an API request must pass before
 * any route (its body read within its limit, from this app's own pages). design (issue 14): they were
 * seven middlewares, each an async layer of its own; as one, an own-record read takes 18–25 µs less of the
 * server's CPU (of 157–187; bench/results.md, sixteenth pass).
 * `bodyLimits`: the routes allowed more than 256 KB (uploads, imports), by path.
 */
export function edge(deps: Deps, bodyLimits: Record<string, number>, answerError: (err: Error, c: Ctx) => Response): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('deps', deps)
    if (!isApiPath(c.req.path)) {
      await withRequestClock(deps.now, next)
      setSecurityHeaders(c.res.headers)
      return
    }
    const startedAt = performance.now()
    const requestId = randomUUID()
    c.set('requestId', requestId)
    try {
      const unread = await bodyRefusal(c, bodyLimits[c.req.path] ?? API_BODY_LIMIT)
      const refused = unread ?? crossSiteRefusal(c)
      if (refused) // a body left unread: the connection is closed rather than reused
        c.res = c.json(refused.body(), refused.status, unread ? { Connection: 'close' } : undefined)
      else
        await withRequestClock(deps.now, next)
      await compressAnswer(c)
    }
    catch (e) { // the edge's own steps (a route's errors are answered inside `next`): answered the same way
      c.res = undefined // not merged with the answer under way (hono's res setter would): a 500 sets no cookie
      c.res = answerError(e as Error, c)
    }
    const headers = c.res.headers
    setSecurityHeaders(headers)
    // design: API answers are about a person (a record, requests, cases): `no-store` keeps them out of the
    // browser's disk cache, where they would outlive signing out on a shared computer (OWASP ASVS 8.2.1). The
    // app keeps its own copies for offline use, wiped at sign-out (app/api/synced.ts). A route whose answer may
    // be kept (an attachment reopened) says so itself.
    if (!headers.has('cache-control'))
      headers.set('cache-control', 'no-store')
    headers.set('x-request-id', requestId)
    logRequest(c, requestId, startedAt)
  }
}

const carriesBody = (c: Ctx) => !!c.req.header('transfer-encoding') || (c.req.header('content-length') ?? '0') !== '0'

/**
 * Bodies within a limit are read whole before any answer: an early refusal (404, 403, a bad id) would
 * otherwise leave a half-read request that the server cuts off while the client still writes. One over
 * its limit is refused before the rest is read, and the connection closed rather than reused. A request
 * without a body is let through untouched; whether one comes is in the headers, whatever the method.
 */
async function bodyRefusal(c: Ctx, limit: number): Promise<AppError | null> {
  if (!carriesBody(c))
    return null
  // A web Request cannot hold a GET's or HEAD's body, so no limit could see it: such a request is
  // refused, even one announcing a chunked body that turns out empty.
  const bodyless = c.req.method === 'GET' || c.req.method === 'HEAD'
  const read = bodyless ? 'bodyless' : await readBodyWithin(c, limit)
  if (read === 'tooLarge')
    return new AppError(413, 'BODY_TOO_LARGE', '提交的内容过大')
  if (read !== 'read') // bodyless, or the client gone mid-body (nobody is left to read the answer)
    return new AppError(400, 'BAD_REQUEST', '请求无法处理')
  return null
}
