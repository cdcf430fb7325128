import type { BrowserContext, Page, Request } from 'playwright-core'
import { Buffer } from 'node:buffer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'
import { acceptToRegistrar, bindDaughter, cutPlaceholders, fileComplaint, officerRequest, primary, readIn, refusedCertificateRequest, seriousViolations, showRecordLists, tooSmall } from './kit.ts'

// Issue 13, budgets: axe-core with WCAG 2.1 A/AA and target-size finds no serious or critical
// violation on any screen, in both modes (standard, 长辈版) and both languages; and no screen
// sends a request anywhere but the app's own server. Each screen is photographed in each mode and
// language as it is checked (test/screenshots/every-<language>[-elder]-<screen>.png), to be looked at.
// Issue 13 item 6 on the same screens: text ≥ 16 px and text fields and close buttons ≥ 44 px
// (长辈版: 18 px and 60 px, 工信部适老化规范), and no hint in a field cut off.
describe.skipIf(!browserAvailable)('every screen passes axe (WCAG 2.1 A/AA, target size)', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  let parent: BrowserContext
  let graduate: BrowserContext
  let caseId: string
  let graduateRecord: string
  let correctionId: string
  let certificateRequestId: string
  beforeAll(async () => {
    session = await startBrowserSession()
    ;({ context: parent } = await session.newPage())
    caseId = await fileComplaint(parent.request) // signs the mother in, once: a second code within a minute is refused
    await acceptToRegistrar(await officerRequest(session, 'zhongyuan.officer'), caseId, '学生姓名登记错误') // a timeline of more than one step
    await bindDaughter(parent.request)
    const proof = (await (await parent.request.post('/api/uploads', { multipart: { file: { name: 'proof.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]) } } })).json()).id
    const correction = await parent.request.post('/api/corrections', { data: { requestId: crypto.randomUUID(), recordId: primary.record.id, items: [{ field: 'student.currentAddress', requestedValue: '河南省郑州市中原区建设西路 8 号' }], reason: '搬家后住址变了', attachmentIds: [proof] } })
    expect(correction.status(), await correction.text()).toBe(201)
    correctionId = (await correction.json()).id
    // A graduate with a 学历证明书 request of her own, for its page and the application form.
    ;({ context: graduate } = await session.newPage())
    ;({ recordId: graduateRecord, requestId: certificateRequestId } = await refusedCertificateRequest(session, graduate.request))
  })
  afterAll(async () => { await session?.close() })

  const modes = [['zh-CN', '0'], ['zh-CN', '1'], ['en', '0'], ['en', '1']] as const
  it.each(modes)('a parent\'s screens in %s, 长辈版 %s', async (locale, elder) => {
    const mode = `${locale === 'en' ? 'en' : 'zh'}${elder === '1' ? '-elder' : ''}`
    const sizes = elder === '1' ? { text: 18, target: 60 } : { text: 16, target: 44 }
    const { context: stranger, page: signedOut } = await session.newPage()
    await settings(stranger, locale, elder)
    const screens: Record<string, string[]> = {}
    for (const path of ['/login', '/verify', '/officer/login'])
      screens[path] = await visit(signedOut, path, mode, sizes)
    await stranger.close()

    const page = await parent.newPage()
    await page.goto('/login')
    await readIn(page, locale, elder)
    screens['/bind'] = await visit(page, '/bind', mode, sizes)
    for (const path of ['/', `/records/${primary.record.id}`, '/requests', '/complaints', `/complaints/${caseId}`, '/complaints/new', '/inbox', '/settings/notices', `/records/${primary.record.id}/corrections/new`, `/corrections/${correctionId}`]) {
      screens[path] = await visit(page, path, mode, sizes)
      if (path === `/records/${primary.record.id}`) { // signed in and bound: the record itself was checked, not a sign-in page
        expect(await page.locator('dd[data-field]').count()).toBeGreaterThan(20)
        // The dispute sheet, open over the record.
        await page.locator('button.dispute').first().click()
        await page.getByRole('dialog').locator('textarea').waitFor()
        screens[`${path} (dispute sheet)`] = await check(page, `every-${mode}-records-id-dispute`, sizes)
        // The sheet that shows the whole ID number, asking for a fresh code first (it opened empty the
        // first time: mounted already shown, it never asked the server).
        await page.goto(path)
        await page.locator('button.link:has(.van-icon-eye-o)').click()
        await page.getByRole('dialog').locator('input, .number, .hint').first().waitFor() // the code asked for, or the numbers
        screens[`${path} (reveal sheet)`] = await check(page, `every-${mode}-records-id-reveal`, sizes)
      }
    }
    await page.close()

    const own = await graduate.newPage()
    await own.goto('/login')
    await readIn(own, locale, elder)
    for (const path of [`/records/${graduateRecord}/certificate/new`, `/certificate-requests/${certificateRequestId}`]) {
      screens[path] = await visit(own, path, mode, sizes)
      if (path.endsWith('/new')) // the form itself was checked
        expect(await own.locator('main textarea').count()).toBe(1)
    }
    await own.close()
    expect(Object.fromEntries(Object.entries(screens).filter(([, v]) => v.length))).toEqual({})
  }, 240_000)

  it.each(modes)('an officer\'s screens in %s, 长辈版 %s', async (locale, elder) => {
    const mode = `${locale === 'en' ? 'en' : 'zh'}-officer${elder === '1' ? '-elder' : ''}`
    const sizes = elder === '1' ? { text: 18, target: 60 } : { text: 16, target: 44 }
    const { context, page } = await session.newPage()
    await settings(context, locale, elder)
    expect((await context.request.post('/api/auth/officer', { data: { username: 'zhongyuan.admin', password: 'xjt-demo-2026' } })).status()).toBe(200)
    const screens: Record<string, string[]> = {}
    for (const path of ['/officer', '/officer/cases', `/officer/cases/${caseId}`, '/officer/corrections', '/officer/certificates', '/officer/imports', '/officer/people', '/officer/audit', '/officer/security', `/officer/records/${primary.record.id}`])
      screens[path] = await visit(page, path, mode, sizes)
    await page.goto('/officer/people') // the sheet for a new account
    await page.locator('.actions .van-button--primary').click()
    await page.getByRole('dialog').locator('input').first().waitFor()
    screens['/officer/people (new account sheet)'] = await check(page, `every-${mode}-people-new`, sizes)
    expect(Object.fromEntries(Object.entries(screens).filter(([, v]) => v.length))).toEqual({})
    await context.close()
  }, 240_000)

  /** What `check` finds on the screen at `path`, and any request it makes beyond the app's own origin. */
  async function visit(page: Page, path: string, mode: string, sizes: { text: number, target: number }) {
    const foreign: string[] = []
    const elsewhere = (r: Request) => /^https?:/.test(r.url()) && new URL(r.url()).origin !== session.baseURL && foreign.push(`request to ${new URL(r.url()).origin}`)
    page.on('request', elsewhere)
    await page.goto(path)
    await page.locator('main').first().waitFor()
    const found = await check(page, `every-${mode}${path.replace(/[0-9a-f-]{36}/g, 'id').replace(/\//g, '-').replace(/-$/, '') || '-home'}`, sizes)
    page.off('request', elsewhere)
    return [...found, ...foreign]
  }
})

/** The screen's serious axe violations, text and targets too small and hints cut off; its screenshot taken. */
async function check(page: Page, name: string, sizes: { text: number, target: number }) {
  await page.waitForLoadState('networkidle')
  await shot(page, name, true)
  if (await page.locator('[data-when-near]').count()) // the record's lists, which load as one scrolls
    await showRecordLists(page)
  return [...await seriousViolations(page), ...await tooSmall(page, sizes), ...await cutPlaceholders(page)]
}

async function settings(context: BrowserContext, locale: string, elder: string) {
  await context.addInitScript(([l, e]) => {
    (globalThis as any).localStorage.setItem('xjt.locale', l)
    ;(globalThis as any).localStorage.setItem('xjt.elder', e)
  }, [locale, elder])
}
