import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from './context.ts'
import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { isApiPath } from './edge.ts'

// Vite writes only content-hashed files under /assets/ (a changed file gets a new name); files from
// public/ keep their names and live at the root.
const hashedAsset = (path: string) => path.startsWith('/assets/')

/**
 * Serves the built PWA: precompressed (.br/.gz written at build, vite.config.ts) to browsers that
 * accept them; hashed assets cached for a year, everything else (index.html, sw.js, the manifest)
 * revalidated on each visit so a new version is seen at once.
 */
export function serveBuiltApp(app: OpenAPIHono<AppEnv>, dist: string) {
  const cacheHeaders = (_path: string, c: { header: (k: string, v: string) => void, req: { path: string } }) => {
    c.header('Cache-Control', hashedAsset(c.req.path) ? 'public, max-age=31536000, immutable' : 'no-cache')
    c.header('Vary', 'Accept-Encoding')
  }
  app.use('/*', serveStatic({ root: dist, precompressed: true, onFound: cacheHeaders }))
  // The PWA's routes are client-side: any other non-API path gets the app shell.
  // …but an unknown /api/ path stays the API's JSON 404 (a missing /api/dev in production too).
  const shell = serveStatic({ path: join(dist, 'index.html'), precompressed: true, onFound: cacheHeaders })
  app.get('*', (c, next) => (isApiPath(c.req.path) ? next() : shell(c, next)))
}
