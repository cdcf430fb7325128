import type { Ctx, Deps } from '../http/context.ts'
import { Buffer } from 'node:buffer'
import { timingSafeEqual } from 'node:crypto'
import { count, eq, min } from 'drizzle-orm'
import { createMiddleware } from 'hono/factory'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { outboxMessages } from '../db/schema/index.ts'
import { routeOf } from '../http/log.ts'

/**
 * Prometheus metrics of one app instance: requests by route pattern (never a path with ids in it),
 * and the outbox's depth and lag, read from the database on each scrape. Served at /metrics to a
 * holder of METRICS_TOKEN; without the setting the endpoint does not exist.
 */
export function createMetrics(deps: Deps) {
  const registry = new Registry()
  if (deps.env.METRICS_TOKEN) // process metrics start timers: only when someone scrapes
    collectDefaultMetrics({ register: registry, prefix: 'xjt_' })
  const labelNames = ['method', 'route', 'status'] as const
  const requests = new Counter({ name: 'xjt_http_requests_total', help: 'API requests by route pattern and status', labelNames, registers: [registry] })
  const durations = new Histogram({ name: 'xjt_http_request_duration_seconds', help: 'API request durations by route pattern', labelNames, buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry] })
  // eslint-disable-next-line no-new -- registered with the registry, read through it
  new Gauge({
    name: 'xjt_outbox_messages',
    help: 'Outgoing messages waiting (pending), held by a worker (claimed), at the provider (sending) or given up (failed)',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      for (const state of ['pending', 'claimed', 'sending', 'failed'] as const) {
        const [row] = await deps.db.select({ n: count() }).from(outboxMessages).where(eq(outboxMessages.state, state))
        this.set({ state }, row?.n ?? 0)
      }
    },
  })
  // eslint-disable-next-line no-new -- as above
  new Gauge({
    name: 'xjt_outbox_lag_seconds',
    help: 'How long the oldest due message has waited past its send time (0 when none)',
    registers: [registry],
    async collect() {
      const [row] = await deps.db.select({ due: min(outboxMessages.nextAttemptAt) }).from(outboxMessages).where(eq(outboxMessages.state, 'pending'))
      this.set(row?.due ? Math.max(0, (deps.now().getTime() - new Date(row.due).getTime()) / 1000) : 0)
    },
  })

  const observe = createMiddleware(async (c: Ctx, next) => {
    const end = durations.startTimer()
    await next()
    const labels = { method: c.req.method, route: routeOf(c), status: String(c.res.status) }
    end(labels)
    requests.inc(labels)
  })

  const token = deps.env.METRICS_TOKEN
  const serve = async (c: Ctx) => {
    const given = c.req.header('authorization')?.replace(/^Bearer /, '') ?? ''
    if (!token || given.length !== token.length || !timingSafeEqual(Buffer.from(given), Buffer.from(token)))
      return c.text('Not found', 404)
    return c.text(await registry.metrics(), 200, { 'content-type': registry.contentType })
  }
  // design: requests are counted only where someone may read the counts (issue 14: labelling and
  // timing each request was about 4 µs of an own-record read's CPU, spent for nobody without a token).
  return { observe: token ? observe : null, serve }
}
