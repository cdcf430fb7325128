import type { APIRequestContext, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'
import { acceptToRegistrar, bindDaughter, fileComplaint, mother, officerRequest, primary, readIn, seriousViolations, showRecordLists, signInByCode } from './kit.ts'

const CJK = /[\u3400-\u9FFF]/

// Issue 13: what waits to be sent reads in English and in 长辈版 as it does in Chinese: on the record
// where it was made, on 我的申请 and when signing out; each is sent once when the network returns.
const modes = [
  { mode: 'en', locale: 'en', elder: '0', fieldIn: { en: 'Gender', zh: '性别' }, mark: 'Mark "Gender" as wrong', explanation: 'What is wrong', text: 'The household register says female', submit: 'Submit', waiting: 'Waiting to send', signOut: 'Sign out', notSent: '1 not sent yet', stay: 'Stay signed in' },
  { mode: 'elder', locale: 'zh-CN', elder: '1', fieldIn: { en: 'Ethnic group', zh: '民族' }, mark: '标记“民族”有误', explanation: '哪里不对', text: '户口本上是回族', submit: '提交异议', waiting: '等待发送', signOut: '退出登录', notSent: '还有 1 份没有发出', stay: '不退出了' },
  { mode: 'en-elder', locale: 'en', elder: '1', fieldIn: { en: 'Date of birth', zh: '出生日期' }, mark: 'Mark "Date of birth" as wrong', explanation: 'What is wrong', text: 'Born two days later, as the birth certificate says', submit: 'Submit', waiting: 'Waiting to send', signOut: 'Sign out', notSent: '1 not sent yet', stay: 'Stay signed in' },
] as const

describe.skipIf(!browserAvailable)('what waits to be sent, in English and 长辈版', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  let context: BrowserContext
  let page: Page
  beforeAll(async () => {
    session = await startBrowserSession()
    ;({ context, page } = await session.newPage(undefined, 'allow'))
    await page.goto('/login')
    expect(await signInByCode(page.request, mother.phone!)).toBe(200)
    await bindDaughter(page.request)
  })
  afterAll(async () => { await session?.close() })

  const disputes = async () => ((await (await page.request.get(`/api/records/${primary.record.id}`)).json()).disputes as unknown[]).length

  it.each(modes)('a field marked wrong with no network, in $mode', async (m) => {
    await readIn(page, m.locale, m.elder)
    const before = await disputes()
    await page.goto(`/records/${primary.record.id}`)
    await page.evaluate(async () => { await (globalThis as any).navigator.serviceWorker.ready })
    await page.getByRole('button', { name: m.mark }).waitFor()
    await context.setOffline(true)
    await page.getByRole('button', { name: m.mark }).click()
    await page.getByLabel(m.explanation).fill(m.text)
    await page.getByRole('button', { name: m.submit }).click()
    await page.locator('.van-toast:visible').first().waitFor()
    await shot(page, `outbox-09-toast-${m.mode}`)
    // The toast covers part of the page for two seconds: axe reads the page once it has gone.
    await expect.poll(() => page.locator('.van-toast:visible').count(), { timeout: 10_000 }).toBe(0)
    await showRecordLists(page)
    const waiting = page.locator('section', { has: page.getByRole('heading', { name: m.waiting }) })
    await waiting.waitFor()
    await waiting.scrollIntoViewIfNeeded()
    await shot(page, `outbox-09-dispute-waiting-${m.mode}`)
    // Read from the top: scrolled, the sticky offline notice lies over whichever row passes under it.
    await page.evaluate(() => (globalThis as any).scrollTo(0, 0))
    expect(await seriousViolations(page)).toEqual([])
    if (m.locale === 'en')
      expect((await waiting.allInnerTexts()).join('\n')).not.toMatch(CJK)

    // Read in the other language, what waits is named in that language.
    const other = m.locale === 'en' ? 'zh-CN' : 'en'
    await readIn(page, other, m.elder)
    await page.goto('/').catch(() => {})
    await page.getByText(other === 'en' ? `“${m.fieldIn.en}” marked as wrong` : `标记“${m.fieldIn.zh}”有误`).waitFor()
    await readIn(page, m.locale, m.elder)

    // 我的申请, offline: what waits is listed, and the list that cannot load says so in a line.
    await page.goto('/requests').catch(() => {}) // the app shell comes from the service worker
    await page.getByRole('heading', { name: m.waiting }).waitFor()
    await shot(page, `outbox-13-requests-offline-${m.mode}`)
    expect(await seriousViolations(page)).toEqual([])
    if (m.locale === 'en')
      expect((await page.locator('main').allInnerTexts()).join('\n')).not.toMatch(CJK)

    // Signing out with something unsent asks first; she stays.
    await page.goto('/').catch(() => {})
    await page.getByRole('button', { name: m.signOut }).click()
    await page.getByText(m.notSent).waitFor()
    await shot(page, `outbox-12-sign-out-choice-${m.mode}`)
    expect(await seriousViolations(page)).toEqual([])
    await page.locator('.van-action-sheet__cancel', { hasText: m.stay }).click() // the dimmed overlay says the same
    await page.getByText(m.notSent).waitFor({ state: 'hidden' })

    await context.setOffline(false)
    await expect.poll(disputes, { timeout: 20_000 }).toBe(before + 1)
    await page.getByRole('heading', { name: m.waiting }).waitFor({ state: 'hidden' })
    expect(await disputes()).toBe(before + 1)
  })
})

const stepModes = [
  { mode: 'en', locale: 'en', elder: '0', answer: 'Your answer', submit: 'Send information', waitingNote: 'Your answer is saved on this phone and goes out once you are back online.', waiting: 'Waiting to send' },
  { mode: 'elder', locale: 'zh-CN', elder: '1', answer: '补充说明', submit: '提交补充材料', waitingNote: '您的补充材料已存在手机上，联网后自动发出。', waiting: '等待发送' },
  { mode: 'en-elder', locale: 'en', elder: '1', answer: 'Your answer', submit: 'Send information', waitingNote: 'Your answer is saved on this phone and goes out once you are back online.', waiting: 'Waiting to send' },
] as const

const closedModes = stepModes.map(m => ({
  ...m,
  ...(m.locale === 'en'
    ? { findings: 'Verified findings', rating: 'Mostly satisfied', ratingNote: 'Your rating “Mostly satisfied” is saved on this phone and goes out once you are back online.', object: 'I object to the result', reason: 'Reason', send: 'Send objection', objectionNote: 'Your objection is saved on this phone and goes out once you are back online.' }
    : { findings: '经核实的情况', rating: '基本满意', ratingNote: '您的评价“基本满意”已存在手机上，联网后自动发出。', object: '我对结果有异议', reason: '异议理由', send: '提交异议', objectionNote: '您的异议已存在手机上，联网后自动发出。' }),
}))

describe.skipIf(!browserAvailable)('an answer to the handler, a rating and an objection wait to be sent, in English and 长辈版', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  let context: BrowserContext
  let page: Page
  let caseId = ''
  let registrar: APIRequestContext
  let desk: APIRequestContext
  beforeAll(async () => {
    session = await startBrowserSession()
    ;({ context, page } = await session.newPage(undefined, 'allow'))
    await page.goto('/login')
    caseId = await fileComplaint(page.request)
    const officer = (username: string) => officerRequest(session, username)
    desk = await officer('zhongyuan.officer')
    await acceptToRegistrar(desk, caseId, '学生姓名登记错误')
    registrar = await officer('primary.registrar')
  })
  afterAll(async () => { await session?.close() })

  const answers = async () => ((await (await page.request.get(`/api/complaints/${caseId}`)).json()).events as { kind: string }[]).filter(e => e.kind === 'infoProvided').length

  it.each(stepModes)('an answer to the handler\'s request, in $mode', async (m) => {
    expect((await registrar.post(`/api/complaints/${caseId}/info-request`, { data: { question: '请上传户口本的照片' } })).status()).toBe(200)
    const before = await answers()
    await readIn(page, m.locale, m.elder)
    await page.goto(`/complaints/${caseId}`)
    await page.evaluate(async () => { await (globalThis as any).navigator.serviceWorker.ready })
    await page.getByLabel(m.answer).waitFor()
    await context.setOffline(true)
    await page.getByLabel(m.answer).fill(m.locale === 'en' ? 'The household register shows the right name; photo taken.' : '户口本上的名字是李子晗，照片已拍。')
    await page.getByRole('button', { name: m.submit }).click()
    await page.getByText(m.waitingNote).waitFor()
    await expect.poll(() => page.locator('.van-toast:visible').count(), { timeout: 10_000 }).toBe(0)
    const waiting = page.locator('section', { has: page.getByRole('heading', { name: m.waiting }) })
    await waiting.scrollIntoViewIfNeeded()
    await shot(page, `outbox-07-info-waiting-${m.mode}`)
    if (m.locale === 'en')
      expect((await waiting.allInnerTexts()).join('\n')).not.toMatch(CJK)
    await page.evaluate(() => (globalThis as any).scrollTo(0, 0))
    expect(await seriousViolations(page)).toEqual([])

    await context.setOffline(false)
    await expect.poll(answers, { timeout: 20_000 }).toBe(before + 1)
    await page.getByRole('heading', { name: m.waiting }).waitFor({ state: 'hidden' })
  })
  it.each(closedModes)('a rating and an objection on a closed case, in $mode', async (m) => {
    const closedId = await fileComplaint(page.request) // a case takes one rating and one objection
    await acceptToRegistrar(desk, closedId, '学生姓名登记错误')
    expect((await registrar.post(`/api/complaints/${closedId}/report`, { data: { findings: '经核实，姓名登记错误，已按户口本在全国学籍系统中更正。' } })).status()).toBe(200)
    expect((await desk.post(`/api/complaints/${closedId}/close`, { data: {} })).status()).toBe(200)
    const taken = async (kind: string) => ((await (await page.request.get(`/api/complaints/${closedId}`)).json()).events as { kind: string }[]).filter(e => e.kind === kind).length
    await readIn(page, m.locale, m.elder)
    await page.goto(`/complaints/${closedId}`)
    await page.getByRole('heading', { name: m.findings }).waitFor()
    await context.setOffline(true)
    await page.getByRole('button', { name: m.rating }).click()
    await page.getByText(m.ratingNote).waitFor()
    await page.getByRole('button', { name: m.object }).click()
    await page.getByLabel(m.reason).fill(m.locale === 'en' ? 'The name in the registry is still wrong' : '学籍上的名字仍然是错的')
    await page.getByRole('button', { name: m.send }).click()
    await page.getByText(m.objectionNote).waitFor()
    await expect.poll(() => page.locator('.van-toast:visible').count(), { timeout: 10_000 }).toBe(0)
    const waiting = page.locator('section', { has: page.getByRole('heading', { name: m.waiting }) })
    await waiting.scrollIntoViewIfNeeded()
    await shot(page, `outbox-08-rating-objection-waiting-${m.mode}`)
    if (m.locale === 'en')
      expect((await waiting.allInnerTexts()).join('\n')).not.toMatch(CJK)
    await page.evaluate(() => (globalThis as any).scrollTo(0, 0))
    expect(await seriousViolations(page)).toEqual([])

    await context.setOffline(false)
    await expect.poll(() => taken('objected'), { timeout: 20_000 }).toBe(1)
    expect(await taken('rated')).toBe(1)
  })
})
