import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { featuredStudents } from '../../server/demo/generate.ts'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'
import { showRecordLists } from './kit.ts'

const primary = featuredStudents().find(f => f.key === 'primary')!
const mother = primary.guardians.find(g => g.isGuardian)!

describe.skipIf(!browserAvailable)('a parent on a phone that loses the network', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  let context: BrowserContext
  let page: Page
  const uncaught: string[] = []
  beforeAll(async () => {
    session = await startBrowserSession()
    ;({ context, page } = await session.newPage(undefined, 'allow'))
    page.on('pageerror', e => uncaught.push(e.message))
  })
  afterAll(async () => { await session?.close() })

  const banner = () => page.getByRole('status').filter({ hasText: '网络不通' })

  it('stays signed in offline, sees the record as last synced, and is checked again when the network returns', async () => {
    await page.goto('/login')
    await page.getByLabel('手机号').fill(mother.phone!)
    await page.getByRole('button', { name: '获取验证码' }).click()
    await expect.poll(() => page.getByRole('button', { name: /秒后重发/ }).count()).toBe(1)
    const sms = await (await page.request.post('/api/dev/sms-outbox', { data: { phone: mother.phone } })).json()
    await page.getByLabel('验证码').fill(sms.messages[0].code)
    await page.getByRole('button', { name: '登录' }).click()
    await page.waitForURL(/\/bind/)
    const bound = await page.request.post('/api/bindings', {
      data: { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber, childName: primary.record.name, childIdNumber: primary.record.idNumber },
    })
    expect(bound.status()).toBe(200)

    // One online visit: home, the child's record, the complaints list; the service worker takes over.
    await page.goto('/')
    await page.evaluate(async () => { await (globalThis as any).navigator.serviceWorker.ready })
    await page.getByText(primary.record.name).first().click()
    // The home page names the school too: wait for the record's own address before keeping it
    // (reading it early kept '/', and the offline correction step then opened the home page).
    await page.waitForURL(/\/records\//)
    await page.getByText(primary.schoolName).first().waitFor()
    const recordUrl = page.url()
    await page.goto('/complaints')
    await page.getByText('您还没有提交过投诉').waitFor()

    await context.setOffline(true)
    await page.goto('/')
    await banner().getByText(/同步的内容/).waitFor()
    await page.getByText(primary.record.name).first().waitFor()
    expect(new URL(page.url()).pathname).toBe('/')
    await shot(page, 'offline-01-home')

    await page.goto(recordUrl)
    await page.getByText(primary.schoolName).first().waitFor()
    await banner().waitFor()
    // The lists below the record load as the person scrolls, from what the service worker kept.
    await showRecordLists(page)
    await page.getByText('我提出的异议').waitFor()
    // Who looked at the record was never opened online: the list says so in its own words (not a
    // form's "已填写的内容仍在"), and is there once the network is back.
    const views = page.locator('h2:has-text("谁查看了我的学籍") + .van-cell-group')
    await views.getByText('这部分还没有保存在手机上', { exact: false }).waitFor()
    await shot(page, 'offline-02-record')
    // A control scrolled under the notice, which stays at the top, comes out from under it when it
    // takes the keyboard's focus (WCAG 2.4.11; issue 13: it lay over the 有误 buttons).
    const wrong = page.getByRole('button', { name: '标记“民族”有误' })
    await wrong.evaluate(el => (globalThis as any).scrollBy(0, el.getBoundingClientRect().top - 4))
    await wrong.focus()
    const [notice, focused] = [await banner().boundingBox(), await wrong.boundingBox()]
    expect(focused!.y).toBeGreaterThanOrEqual(notice!.y + notice!.height)
    await context.setOffline(false) // the screen is the server's again, the list with it
    await showRecordLists(page)
    await views.getByText('账号绑定').waitFor()
    await context.setOffline(true)

    await page.goto('/complaints')
    await page.getByText('您还没有提交过投诉').waitFor()
    await page.goto('/complaints/new')
    await page.getByRole('heading', { name: /第 1 步/ }).waitFor()
    expect(await page.locator('main section:visible').getByLabel('联系电话').inputValue()).toBe(mother.phone)
    await shot(page, 'offline-03-complaint-draft')

    // A correction started offline survives a reload, and is there to finish.
    await page.goto(`${recordUrl}/corrections/new`)
    await page.getByText(/^选择要更正的信息/).waitFor()
    await page.getByText(/^选择要更正的信息/).click()
    await page.getByRole('checkbox').nth(2).click()
    await page.getByLabel('更正原因').fill('登记错了')
    await page.reload()
    await page.getByText('已恢复您上次没写完的内容').waitFor()
    expect(await page.getByLabel('更正原因').inputValue()).toBe('登记错了')
    await shot(page, 'offline-04-correction-draft')

    // Back online, the banner goes and the screens are the server's again, but not under someone's
    // fingers: a person typing keeps their field, its text and the keyboard (issue 13).
    const reason = page.getByLabel('更正原因')
    await reason.focus()
    await reason.pressSequentially('，应为汉族')
    await context.setOffline(false)
    await banner().waitFor({ state: 'hidden' })
    await page.waitForTimeout(300)
    expect(await reason.evaluate(el => el === (globalThis as any).document.activeElement)).toBe(true)
    expect(await reason.inputValue()).toBe('登记错了，应为汉族')

    // The session ended elsewhere while the phone was offline: back online, the person is asked to sign in.
    await page.goto('/')
    await context.setOffline(true)
    await page.reload()
    await banner().waitFor()
    expect((await page.request.post('/api/auth/logout')).status()).toBeLessThan(300)
    await context.setOffline(false)
    await page.waitForURL(/\/login/)
    expect(uncaught).toEqual([])
  })

  it('a screen whose code cannot load says so, and opens on 重试 once the network is back', async () => {
    const { page } = await session.newPage()
    await page.goto('/login')
    await page.getByRole('button', { name: '获取验证码' }).waitFor()
    const chunk = /\/assets\/OfficerLoginPage-[^/]*\.js$/
    await page.route(chunk, route => route.abort('internetdisconnected'))
    await page.getByRole('link', { name: '工作人员登录' }).click()
    await page.getByText('这个页面还没有保存在手机上').waitFor()
    await shot(page, 'offline-05-screen-not-loaded')
    await page.unroute(chunk)
    await page.getByRole('button', { name: '重试' }).click()
    await page.waitForURL(/\/officer\/login/)
    await page.getByRole('button', { name: '登录' }).waitFor()
  })
})
