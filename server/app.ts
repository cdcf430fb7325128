import type { Hook } from '@hono/zod-openapi'
import type { AppEnv, Ctx, Deps } from './http/context.ts'
import { randomUUID } from 'node:crypto'
import { OpenAPIHono } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
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
import { edge, isApiPath } from './http/edge.ts'
import { AppError } from './http/errors.ts'
import { refuseControlCharacters } from './http/guards.ts'
import { describeError, routeOf } from './http/log.ts'
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

/** The answer to an error a route threw (`app.onError`, and `edge` for its own steps). */
function answerError(err: Error, c: Ctx): Response {
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
}

export function createApp(deps: Deps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  const metrics = createMetrics(deps)
  if (metrics.observe) // outside the edge: its refusals (a body too large, another site's form) are counted too
    app.use('/api/*', metrics.observe)
  // Uploads up to 10 MB and imports get more than the 256 KB every other body may have.
  app.use('*', edge(deps, { '/api/uploads': 10 * 1024 * 1024 + 64 * 1024, '/api/imports': MAX_IMPORT_BYTES + 64 * 1024 }, answerError))
  app.get('/metrics', metrics.serve)
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

  app.notFound(c => isApiPath(c.req.path)
    ? c.json({ code: 'NOT_FOUND', message: '接口不存在' }, 404)
    : c.text('Not found', 404))
  app.onError(answerError)
  return app
}
