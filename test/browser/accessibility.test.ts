import type { BrowserContext, Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'
import { fileComplaint, mother, primary, readIn, seriousViolations, showRecordLists } from './kit.ts'

// Issue 13, budgets: axe-core with WCAG 2.1 A/AA and target-size finds no serious or critical
// violation on any screen, in both modes (standard, 长辈版) and both languages; and no screen
// sends a request anywhere but the app's own server. Each screen is photographed in each mode and
// language as it is checked (test/screenshots/every-<language>[-elder]-<screen>.png), to be looked at.
describe.skipIf(!browserAvailable)('every screen passes axe (WCAG 2.1 A/AA, target size)', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  let parent: BrowserContext
  let caseId: string
  beforeAll(async () => {
    session = await startBrowserSession()
    ;({ context: parent } = await session.newPage())
    caseId = await fileComplaint(parent.request) // signs the mother in, once: a second code within a minute is refused
  })
  afterAll(async () => { await session?.close() })

  const modes = [['zh-CN', '0'], ['zh-CN', '1'], ['en', '0'], ['en', '1']] as const
  it.each(modes)('a parent\'s screens in %s, 长辈版 %s', async (locale, elder) => {
    const mode = `${locale === 'en' ? 'en' : 'zh'}${elder === '1' ? '-elder' : ''}`
    const { context: stranger, page: signedOut } = await session.newPage()
    await settings(stranger, locale, elder)
    const screens: Record<string, string[]> = {}
    for (const path of ['/login', '/verify', '/officer/login'])
      screens[path] = await visit(signedOut, path, mode)
    await stranger.close()

    const page = await parent.newPage()
    await page.goto('/login')
    await readIn(page, locale, elder)
    screens['/bind'] = await visit(page, '/bind', mode)
    if (locale === 'zh-CN' && elder === '0')
      expect((await parent.request.post('/api/bindings', { data: { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber, childName: primary.record.name, childIdNumber: primary.record.idNumber } })).status()).toBe(200)
    for (const path of ['/', `/records/${primary.record.id}`, '/requests', '/complaints', `/complaints/${caseId}`, '/complaints/new', '/inbox', '/settings/notices', `/records/${primary.record.id}/corrections/new`]) {
      screens[path] = await visit(page, path, mode)
      if (path === `/records/${primary.record.id}`) { // signed in and bound: the record itself was checked, not a sign-in page
        expect(await page.locator('dd[data-field]').count()).toBeGreaterThan(20)
        // Issue 13 item 6: body text ≥ 16 px (长辈版 18), the record's labels, help and timeline dates included.
        expect(await smallestText(page, 'main dt, main dd, main span, main .hint, main .meta')).toBeGreaterThanOrEqual(elder === '1' ? 18 : 16)
      }
    }
    await page.close()
    expect(Object.fromEntries(Object.entries(screens).filter(([, v]) => v.length))).toEqual({})
  })

  it.each([['zh-CN'], ['en']] as const)('an officer\'s screens in %s', async (locale) => {
    const { context, page } = await session.newPage()
    await settings(context, locale, '0')
    expect((await context.request.post('/api/auth/officer', { data: { username: 'zhongyuan.admin', password: 'xjt-demo-2026' } })).status()).toBe(200)
    const screens: Record<string, string[]> = {}
    for (const path of ['/officer', '/officer/cases', `/officer/cases/${caseId}`, '/officer/corrections', '/officer/certificates', '/officer/imports', '/officer/people', '/officer/audit', '/officer/security', `/officer/records/${primary.record.id}`])
      screens[path] = await visit(page, path, `${locale === 'en' ? 'en' : 'zh'}-officer`)
    expect(Object.fromEntries(Object.entries(screens).filter(([, v]) => v.length))).toEqual({})
    await context.close()
  })

  /** The screen's serious axe violations, and any request it makes beyond the app's own origin; its screenshot taken. */
  async function visit(page: Page, path: string, mode: string) {
    const foreign: string[] = []
    const elsewhere = (r: Request) => /^https?:/.test(r.url()) && new URL(r.url()).origin !== session.baseURL && foreign.push(`request to ${new URL(r.url()).origin}`)
    page.on('request', elsewhere)
    await page.goto(path)
    await page.locator('main').first().waitFor()
    await shot(page, `every-${mode}${path.replace(/[0-9a-f-]{36}/g, 'id').replace(/\//g, '-').replace(/-$/, '') || '-home'}`)
    if (await page.locator('[data-when-near]').count()) // the record's lists, which load as one scrolls
      await showRecordLists(page)
    const violations = await seriousViolations(page)
    page.off('request', elsewhere)
    return [...violations, ...foreign]
  }
})

/** The smallest computed font size, in px, among the elements a selector finds. */
function smallestText(page: Page, selector: string) {
  return page.$$eval(selector, els => Math.min(...els.map(e => Number.parseFloat((globalThis as any).getComputedStyle(e).fontSize))))
}

async function settings(context: BrowserContext, locale: string, elder: string) {
  await context.addInitScript(([l, e]) => {
    (globalThis as any).localStorage.setItem('xjt.locale', l)
    ;(globalThis as any).localStorage.setItem('xjt.elder', e)
  }, [locale, elder])
}
