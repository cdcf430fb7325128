import type { Page } from 'playwright-core'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

/**
 * Issue 13's budget: the JavaScript a phone downloads before the sign-in or record screen shows, gzipped:
 * 100 kB read as 100,000 bytes, the stricter of its two readings (not 102,400).
 */
export const INITIAL_JS_BUDGET_BYTES = 100_000

/**
 * Opens `path` in a page that has never seen the app (no service worker, nothing cached) and sums
 * the gzip size (level 9, as the build writes its .gz files) of every script the screen loaded.
 * gzip, not the brotli the server prefers, because the budget is stated in gzip; brotli is smaller.
 */
export async function initialJavaScript(page: Page, path: string, distDir = 'dist') {
  const scripts = new Set<string>()
  const onResponse = (r: { url: () => string, request: () => { resourceType: () => string } }) => {
    if (r.request().resourceType() === 'script')
      scripts.add(new URL(r.url()).pathname)
  }
  page.on('response', onResponse)
  await page.goto(path)
  await page.locator('main').first().waitFor()
  await page.waitForLoadState('networkidle')
  page.off('response', onResponse)
  const files = [...scripts].filter(p => p.startsWith('/assets/')).sort()
  const bytes = files.reduce((sum, p) => sum + gzipSync(readFileSync(join(distDir, p)), { level: 9 }).length, 0)
  return { bytes, files }
}

export const kilobytes = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`
