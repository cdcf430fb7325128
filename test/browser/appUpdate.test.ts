import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'

// Issue 13, "Updates": a new version is announced (有新版本) and applied on the person's tap,
// never in the middle of what they are typing. The server serves a copy of the built app, and the
// test publishes a "new version" by changing that copy's service worker.
describe.skipIf(!browserAvailable)('a new version of the app', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  let dist: string
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'xjt-dist-'))
    cpSync('dist', dist, { recursive: true })
    session = await startBrowserSession({ distDir: dist })
  })
  afterAll(async () => {
    await session?.close()
    rmSync(dist, { recursive: true, force: true })
  })

  it('is announced, leaves what is being typed alone, and is applied on tap', async () => {
    const { page } = await session.newPage(undefined, 'allow')
    await page.goto('/login')
    await page.evaluate(async () => { await (globalThis as any).navigator.serviceWorker.ready })
    await page.reload() // a returning visitor: the page is under the installed service worker
    expect(await page.evaluate(() => !!(globalThis as any).navigator.serviceWorker.controller)).toBe(true)
    await page.getByLabel('手机号').fill('13800001234')

    appendFileSync(join(dist, 'sw.js'), '\n// the next version\n')
    await page.evaluate(async () => { await (await (globalThis as any).navigator.serviceWorker.getRegistration()).update() })
    const prompt = page.getByRole('alertdialog')
    await prompt.getByText('学籍通有新版本').waitFor()
    expect(await page.getByLabel('手机号').inputValue()).toBe('13800001234') // nothing reloaded under the person
    await shot(page, 'p-30-update-ready')

    await page.evaluate(() => { (globalThis as any).beforeUpdate = true })
    await Promise.all([
      page.waitForEvent('framenavigated'),
      prompt.getByRole('button', { name: '立即更新' }).click(),
    ])
    await page.getByLabel('手机号').waitFor()
    expect(await page.evaluate(() => (globalThis as any).beforeUpdate)).toBeUndefined() // the page was reloaded
    expect(await page.evaluate(async () => !!(await (globalThis as any).navigator.serviceWorker.getRegistration())?.waiting)).toBe(false)
    expect(await prompt.count()).toBe(0)
  })
})
