import type { Hook } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppEnv, Deps } from './http/context.ts'
import { randomUUID } from 'node:crypto'
import { OpenAPIHono } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import { secureHeaders } from 'hono/secure-headers'
import { loadSession } from './auth/session.ts'
import { auditRoutes } from './features/audit/routes.ts'
import { authRoutes } from './features/auth/routes.ts'
import { bindingRoutes } from './features/bindings/routes.ts'
import { certificateRoutes } from './features/certificates/routes.ts'
import { complaintRoutes } from './features/complaints/citizenRoutes.ts'
import { officerCaseRoutes } from './features/complaints/officerRoutes.ts'
import { supportRoutes } from './features/complaints/supportRoutes.ts'
import { correctionRoutes } from './features/corrections/routes.ts'
import { devRoutes } from './features/dev/routes.ts'
import { importRoutes, MAX_IMPORT_BYTES } from './features/imports/routes.ts'
import { notificationRoutes } from './features/notifications/routes.ts'
import { outboxRoutes } from './features/outbox/routes.ts'
import { peopleRoutes } from './features/people/routes.ts'
import { recordPageWithSession, recordRoutes } from './features/records/routes.ts'
import { myRequestRoutes } from './features/requests/routes.ts'
import { systemRoutes } from './features/system/routes.ts'
import { enforceAccess } from './http/access.ts'
import { readBodyWithin } from './http/body.ts'
import { compressJson } from './http/compress.ts'
import { AppError } from './http/errors.ts'
import { refuseControlCharacters, sameOriginOnly } from './http/guards.ts'
import { describeError, requestLog, routeOf } from './http/log.ts'
import { withRequestClock } from './http/requestClock.ts'
import { createMetrics } from './ops/metrics.ts'

// SQLSTATEs of text PostgreSQL cannot store (a character the edge let through): the person's input, not our fault.
const unstorableText = new Set(['22021', '22P05'])

/** Turns a zod failure into the one error shape, keeping each issue's own code. */
export const validationHook: Hook<any, AppEnv, any, any> = (result, c) => {
  if (result.success)
    return
  const issues = result.error.issues.map(i => ({
    path: i.path.join('.'),
    code: String((i as { params?: { code?: string } }).params?.code ?? i.code),
    message: i.message,
  }))
  const first = issues[0]
  return c.json({ code: 'VALIDATION_FAILED', message: first ? first.message : '输入有误', issues }, 400)
}

function api() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .route('/', systemRoutes)
    .route('/', authRoutes)
    .route('/', bindingRoutes)
    .route('/', recordRoutes)
    .route('/', complaintRoutes)
    .route('/', officerCaseRoutes)
    .route('/', supportRoutes)
    .route('/', notificationRoutes)
    .route('/', correctionRoutes)
    .route('/', certificateRoutes)
    .route('/', auditRoutes)
    .route('/', importRoutes)
    .route('/', outboxRoutes)
    .route('/', myRequestRoutes)
    .route('/', peopleRoutes)
}

// Types only: the demo routes are mounted at run time only in demo mode, but the demo page is typed too.
// eslint-disable-next-line unused-imports/no-unused-vars -- used for its type only
const typedApi = () => api().route('/', devRoutes)
/** The typed API every client (app, tests) uses through `hc<AppType>`. */
export type AppType = ReturnType<typeof typedApi>

export function createApp(deps: Deps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('*', async (c, next) => {
    c.set('deps', deps)
    await withRequestClock(deps.now, next)
  })
  app.use('*', secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ['\'self\''],
      imgSrc: ['\'self\'', 'data:', 'blob:'],
      fontSrc: ['\'self\'', 'data:'], // Vant's icon font is inlined as a data: URL
      styleSrc: ['\'self\'', '\'unsafe-inline\''], // Vant sets inline styles
      connectSrc: ['\'self\''],
      frameAncestors: ['\'none\''],
    },
  }))
  app.use('/api/*', requestLog)
  // design: API answers are about a person (a record, requests, cases): `no-store` keeps them out of the
  // browser's disk cache, where they would outlive signing out on a shared computer (OWASP ASVS 8.2.1). The
  // app keeps its own copies for offline use, wiped at sign-out (app/api/synced.ts). A route whose answer may
  // be kept (an attachment reopened) says so itself.
  app.use('/api/*', async (c, next) => {
    await next()
    if (!c.res.headers.has('cache-control'))
      c.res.headers.set('cache-control', 'no-store')
  })
  app.use('/api/*', compressJson)
  const metrics = createMetrics(deps)
  if (metrics.observe)
    app.use('/api/*', metrics.observe)
  app.get('/metrics', metrics.serve)
  // Bodies within a limit are read whole before any answer: uploads up to 10 MB, imports theirs, everything
  // else 256 KB. An early refusal (404, 403, a bad id) would otherwise leave a half-read request that the
  // server cuts off while the client still writes. One over its limit is refused before the rest is read,
  // and the connection closed rather than reused. A request without a body is let through untouched.
  // Whether one comes is in the headers, whatever the method.
  const bodyLimits: Record<string, number> = { '/api/uploads': 10 * 1024 * 1024 + 64 * 1024, '/api/imports': MAX_IMPORT_BYTES + 64 * 1024 }
  const carriesBody = (c: Context) => !!c.req.header('transfer-encoding') || (c.req.header('content-length') ?? '0') !== '0'
  const refuseAndClose = (c: Context, error: AppError) => c.json(error.body(), error.status, { Connection: 'close' })
  app.use('/api/*', async (c, next) => {
    if (!carriesBody(c))
      return next()
    // A web Request cannot hold a GET's or HEAD's body, so no limit could see it: such a request is
    // refused, even one announcing a chunked body that turns out empty.
    const bodyless = c.req.method === 'GET' || c.req.method === 'HEAD'
    const read = bodyless ? 'bodyless' : await readBodyWithin(c, bodyLimits[c.req.path] ?? 256 * 1024)
    if (read === 'tooLarge')
      return refuseAndClose(c, new AppError(413, 'BODY_TOO_LARGE', '提交的内容过大'))
    if (read !== 'read') // bodyless, or the client gone mid-body (nobody is left to read the answer)
      return refuseAndClose(c, new AppError(400, 'BAD_REQUEST', '请求无法处理'))
    await next()
  })
  // Refuses state-changing requests from other sites (Origin / Sec-Fetch-Site); cookies are SameSite=Lax too.
  app.use('/api/*', sameOriginOnly)
  app.get('/api/records/:id', recordPageWithSession)
  app.use('/api/*', loadSession)
  app.use('/api/*', enforceAccess)
  app.use('/api/*', refuseControlCharacters)

  const routes = api()
  if (deps.env.DEMO)
    routes.route('/', devRoutes)
  routes.doc31('/openapi.json', {
    openapi: '3.1.0',
    servers: [{ url: '/api' }],
    info: { title: '学籍通 API', version: '0.1.0', description: '学生、家长与教育行政部门使用的学籍自助与投诉办理接口。错误统一为 { code, message, issues? }。' },
  })
  app.route('/api', routes)

  app.notFound(c => c.req.path.startsWith('/api/')
    ? c.json({ code: 'NOT_FOUND', message: '接口不存在' }, 404)
    : c.text('Not found', 404))
  app.onError((err, c) => {
    if (err instanceof AppError)
      return c.json(err.body(), err.status)
    if (err instanceof HTTPException && err.status === 403)
      return c.json({ code: 'CROSS_SITE_REJECTED', message: '请求来源不被允许，请从学籍通页面内操作' }, 403)
    if (err instanceof HTTPException)
      return c.json({ code: 'BAD_REQUEST', message: '请求无法处理' }, err.status === 413 ? 413 : 400)
    if (err instanceof SyntaxError)
      return c.json({ code: 'BAD_JSON', message: '请求内容不是有效的 JSON' }, 400)
    const described = describeError(err)
    if (described.sqlState && unstorableText.has(described.sqlState))
      return c.json({ code: 'VALIDATION_FAILED', message: '内容含有无法保存的字符，请检查后重新输入' }, 400)
    // The log gets an id, the route and the error's class, never its message (a failed query's
    // message lists its parameters) nor the request; the person gets the id to quote.
    const errorId = randomUUID()
    c.get('deps').log.error({ errorId, requestId: c.get('requestId'), method: c.req.method, route: routeOf(c), ...described }, 'unhandled error')
    return c.json({ code: 'INTERNAL', message: `服务暂时出了问题，请稍后再试；您填写的内容没有丢失（错误编号 ${errorId.slice(0, 8)}）`, errorId }, 500)
  })
  return app
}
