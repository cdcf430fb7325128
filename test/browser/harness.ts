import type { Browser, BrowserContext, Page } from 'playwright-core'
import { existsSync, mkdirSync } from 'node:fs'
import process from 'node:process'
import { chromium } from 'playwright-core'
import { seedDemo } from '../../server/demo/seed.ts'
import { readEnv } from '../../server/env.ts'
import { serveApp } from '../../server/serve.ts'
import { copiesUsable, seededPgliteDump } from '../support/seededCopies.ts'

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const browserAvailable = existsSync(executablePath) && existsSync('dist/index.html')
if (!browserAvailable) {
  const why = existsSync(executablePath) ? 'dist/ is not built (npm test builds it)' : `${executablePath} is missing`
  if (process.env.REQUIRE_BROWSER)
    throw new Error(`Browser tests are required but cannot run: ${why}`)
  console.warn(`[browser tests] SKIPPED: ${why}.`)
}

export const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' }
export const desktop = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' }

/** A server with a fresh in-memory database serving the built app (from `distDir`, ./dist unless given) and a headless browser. */
export async function startBrowserSession(opts: { distDir?: string } = {}) {
  // The demo's database, seeded once per run (test/support/seededCopies.ts), as `npm start` seeds it.
  const pgliteDump = copiesUsable() ? await seededPgliteDump('browser_demo', db => seedDemo(db.db)) : undefined
  const running = await serveApp({ ...readEnv({}), PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, { databaseUrl: 'memory://', pgliteDump, distDir: opts.distDir })
  const browser: Browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const baseURL = `http://127.0.0.1:${running.port}`
  mkdirSync('test/screenshots', { recursive: true })
  return {
    baseURL,
    database: running.database,
    deps: running.deps,
    newPage: async (options: (typeof phone | typeof desktop) & { userAgent?: string } = phone, serviceWorkers: 'block' | 'allow' = 'block'): Promise<{ context: BrowserContext, page: Page }> => {
      // Service workers would cache between tests; blocked unless a test is about working offline.
      const context = await browser.newContext({ ...options, baseURL, serviceWorkers })
      return { context, page: await context.newPage() }
    },
    close: async () => {
      await browser.close()
      await running.close()
    },
  }
}

/** Saves a screenshot under test/screenshots/ (git-ignored) for a person to look at. */
export async function shot(page: Page, name: string, full = false) {
  // finished transitions: a dialog is shown as it ends up, not half faded in
  await page.screenshot({ path: `test/screenshots/${name}.png`, animations: 'disabled' })
  if (full)
    await page.screenshot({ path: `test/screenshots/${name}-full.png`, fullPage: true, animations: 'disabled' })
}
