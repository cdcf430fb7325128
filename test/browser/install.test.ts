import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, phone, shot, startBrowserSession } from './harness.ts'
import { signInByCode } from './kit.ts'

// Issue 13, install: the offer comes on the home page after sign-in, never on the first screen;
// Chromium's own question is asked on the person's tap; Safari on an iPhone gets the steps.
const iPhoneSafari = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'

/** What Chromium fires when the app may be installed; the test answers its question with `outcome`. */
async function browserOffersInstall(page: Page, outcome: 'accepted' | 'dismissed') {
  await page.evaluate((answer) => {
    const event = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
      prompt: async () => { (globalThis as any).asked = true },
      userChoice: Promise.resolve({ outcome: answer }),
    })
    ;(globalThis as any).dispatchEvent(event)
  }, outcome)
}

describe.skipIf(!browserAvailable)('installing 学籍通 on a phone', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  beforeAll(async () => { session = await startBrowserSession() })
  afterAll(async () => { await session?.close() })

  it('describes itself completely to the phone: Chinese names, scope, theme, a full-bleed maskable icon', async () => {
    const { context, page } = await session.newPage()
    const manifest = await (await page.request.get('/manifest.webmanifest')).json()
    expect(manifest).toMatchObject({ name: '学籍通', short_name: '学籍通', lang: 'zh-CN', scope: '/', start_url: '/', display: 'standalone', theme_color: '#1565c0' })
    const maskable = manifest.icons.find((i: { purpose?: string }) => i.purpose === 'maskable')
    expect((await page.request.get(`/${maskable.src}`)).status()).toBe(200)
    await context.close()
  })

  it('offers Chromium\'s install question on the home page after sign-in, not before, and not again once answered', async () => {
    const { context, page } = await session.newPage()
    await page.goto('/login')
    await page.getByRole('button', { name: '获取验证码' }).waitFor()
    await browserOffersInstall(page, 'dismissed')
    expect(await page.getByText('把学籍通放到手机桌面').count()).toBe(0) // first screen: nobody is asked

    expect(await signInByCode(context.request, '13812340001')).toBe(200)
    await page.goto('/')
    await page.getByText('我的学籍').waitFor()
    await browserOffersInstall(page, 'dismissed')
    const card = page.getByRole('region', { name: '把学籍通放到手机桌面' })
    await card.waitFor()
    await shot(page, 'install-01-offer')
    await card.getByRole('button', { name: '添加到桌面' }).click()
    await card.waitFor({ state: 'detached' })
    expect(await page.evaluate(() => (globalThis as any).asked)).toBe(true)

    await page.reload() // declined in the browser's question: not asked again on this phone
    await page.getByText('我的学籍').waitFor()
    await browserOffersInstall(page, 'dismissed')
    await page.waitForTimeout(300)
    expect(await card.count()).toBe(0)
    await context.close()
  })

  it('shows Safari\'s steps on an iPhone, and 不用了 puts them away for good', async () => {
    const { context, page } = await session.newPage({ ...phone, userAgent: iPhoneSafari })
    await page.goto('/login')
    await page.getByRole('button', { name: '获取验证码' }).waitFor()
    expect(await page.getByText('添加到主屏幕').count()).toBe(0)
    expect(await page.locator('meta[name="apple-mobile-web-app-capable"]').getAttribute('content')).toBe('yes')

    expect(await signInByCode(context.request, '13812340002')).toBe(200)
    await page.goto('/')
    const card = page.getByRole('region', { name: '把学籍通放到手机桌面' })
    await card.getByText('再点“添加到主屏幕”').waitFor()
    expect(await card.getByRole('button', { name: '添加到桌面' }).count()).toBe(0) // Safari has no question to ask
    await shot(page, 'install-02-iphone')
    await card.getByRole('button', { name: '不用了' }).click()
    await card.waitFor({ state: 'detached' })
    await page.reload()
    await page.getByText('我的学籍').waitFor()
    expect(await card.count()).toBe(0)
    await context.close()
  })
})
