import { existsSync, readdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer } from './harness.ts'

// The built app (npm test builds it first) as a phone on mobile data fetches it.
const built = existsSync('dist/index.html')
if (!built)
  console.warn('[static assets] SKIPPED: dist/ is not built (npm test builds it).')

describe.skipIf(!built)('the built app is served compressed and cached', () => {
  let base = ''
  let close: () => Promise<void>
  beforeAll(async () => {
    const server = await startServer('pglite', { production: true, distDir: 'dist' })
    base = server.baseUrl
    close = server.close
  })
  afterAll(() => close?.())

  const script = () => readdirSync('dist/assets').find(f => /^index-.+\.js$/.test(f))!

  it('sends a hashed script as brotli, cached for a year', async () => {
    const res = await fetch(`${base}/assets/${script()}`, { headers: { 'Accept-Encoding': 'br, gzip' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-encoding')).toBe('br')
    expect(res.headers.get('content-type')).toMatch(/javascript/)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect((await res.text()).length).toBeGreaterThan(1000) // fetch decodes it: the script itself
  })

  it('sends gzip to a browser without brotli, and the plain file to one without either', async () => {
    const gz = await fetch(`${base}/assets/${script()}`, { headers: { 'Accept-Encoding': 'gzip' } })
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    const plain = await fetch(`${base}/assets/${script()}`, { headers: { 'Accept-Encoding': 'identity' } })
    expect(plain.headers.get('content-encoding')).toBeNull()
  })

  it('revalidates the app shell on every visit, so a new version is seen at once', async () => {
    for (const path of ['/', '/complaints/new', '/sw.js']) {
      const res = await fetch(base + path, { headers: { 'Accept-Encoding': 'br' } })
      expect(res.status, path).toBe(200)
      expect(res.headers.get('cache-control'), path).toBe('no-cache')
    }
  })

  it('compresses JSON answers from the API: brotli when accepted, gzip when brotli is refused, small ones as they are', async () => {
    for (const [accept, encoding] of [['gzip', 'gzip'], ['gzip, deflate, br', 'br'], ['br;q=0, gzip', 'gzip'], ['identity', null]] as const) {
      const res = await fetch(`${base}/api/openapi.json`, { headers: { 'Accept-Encoding': accept } })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-encoding'), accept).toBe(encoding)
      expect(res.headers.get('vary')).toMatch(/Accept-Encoding/)
      expect(((await res.json()) as { openapi: string }).openapi).toBe('3.1.0')
    }
    const small = await fetch(`${base}/api/health`, { headers: { 'Accept-Encoding': 'br' } })
    expect(small.headers.get('content-encoding')).toBeNull()
    expect(((await small.json()) as { status: string }).status).toBe('ok')
  })
})
