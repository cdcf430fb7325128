import { Buffer } from 'node:buffer'
import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { accounts, outboxMessages, pushSubscriptions } from '../../server/db/schema/index.ts'
import { SmsFailure } from '../../server/sms/gateway.ts'
import { browserAvailable, phone, shot, startBrowserSession } from './harness.ts'
import { mother, readIn, signInByCode, signInOfficer } from './kit.ts'

describe.skipIf(!browserAvailable)('text message notices and code delivery on a phone (issue 11)', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  let realSend: typeof session.deps.sms.send
  beforeAll(async () => {
    session = await startBrowserSession()
    realSend = session.deps.sms.send
  })
  afterEach(() => { session.deps.sms.send = realSend })
  afterAll(async () => { await session?.close() })

  it('a parent turns 已受理 texts off from the inbox\'s settings, and the choice stays', async () => {
    const { page, context } = await session.newPage(phone)
    await context.request.post('/api/auth/sms/send', { data: { phone: mother.phone } })
    const code = (await (await context.request.post('/api/dev/sms-outbox', { data: { phone: mother.phone } })).json()).messages[0].code
    expect((await context.request.post('/api/auth/sms/verify', { data: { phone: mother.phone, code } })).status()).toBe(200)

    await page.goto('/inbox')
    await page.getByText('通知设置（短信、浏览器）').click()
    await page.waitForURL(/\/settings\/notices$/)
    const accepted = page.locator('[data-kind="accepted"]')
    await accepted.waitFor()
    expect(await page.getByRole('switch').count()).toBe(5)
    expect(await accepted.getAttribute('aria-checked')).toBe('true')
    await page.getByText(`短信发送到 ${mother.phone!.slice(0, 3)}****${mother.phone!.slice(-4)}`).waitFor()
    await shot(page, 'notices-01-settings', true)

    await accepted.click()
    await expect.poll(() => accepted.getAttribute('aria-checked')).toBe('false')
    await page.reload()
    await expect.poll(() => page.locator('[data-kind="accepted"]').getAttribute('aria-checked')).toBe('false')
    expect(await page.locator('[data-kind="closed"]').getAttribute('aria-checked')).toBe('true')
    await shot(page, 'notices-02-accepted-off')
    const saved = await (await context.request.get('/api/me/notice-preferences')).json()
    expect(saved.preferences.filter((p: { enabled: boolean }) => !p.enabled).map((p: { kind: string }) => p.kind)).toEqual(['accepted'])

    // Browser notifications are chosen per kind on the phone; when the browser does not allow them
    // (this headless one answers the permission question with no) the person is told, and SMS stays.
    const pushed = page.getByRole('region', { name: '浏览器通知（这部手机）' })
    await pushed.getByRole('checkbox', { name: '已受理' }).click()
    await pushed.getByRole('button', { name: '保存浏览器通知' }).click()
    await pushed.getByText('您没有允许通知。可以在浏览器的网站设置里允许通知后再试。').waitFor()
    await shot(page, 'notices-04-push-denied', true)
  })

  it('browser notices are worded in the app\'s language: as chosen, after each switch, and after a change made while away', async () => {
    const { page, context } = await session.newPage(phone, 'allow') // notices need the service worker
    await context.grantPermissions(['notifications'])
    // Headless Chromium has no push service: the browser's PushManager hands over a subscription as
    // a real one would (what the server then sends is checked against a push service: webPush.test.ts).
    const endpoint = `https://127.0.0.1:9/push/${crypto.randomUUID()}`
    await page.addInitScript((keys) => {
      const { PushManager, sessionStorage } = globalThis as any
      const made = () => ({ endpoint: keys.endpoint, options: { applicationServerKey: null }, toJSON: () => ({ endpoint: keys.endpoint, keys }), unsubscribe: async () => true })
      PushManager.prototype.subscribe = async () => { sessionStorage.setItem('fake-push', '1'); return made() }
      PushManager.prototype.getSubscription = async () => (sessionStorage.getItem('fake-push') ? made() : null)
    }, { endpoint, p256dh: Buffer.alloc(65, 4).toString('base64url'), auth: Buffer.alloc(16, 7).toString('base64url') })
    expect(await signInByCode(context.request, '13700006011')).toBe(200)
    const language = async () => (await session.deps.db.select({ language: pushSubscriptions.language }).from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint)))[0]?.language

    // Chosen while the app is in English: the server keeps English.
    await page.goto('/')
    await readIn(page, 'en', '0')
    await page.goto('/settings/notices')
    const pushed = page.getByRole('region', { name: 'Browser notifications (this phone)' })
    await pushed.getByRole('checkbox', { name: 'Accepted' }).first().click() // the second: "… not accepted"
    await pushed.getByRole('button', { name: 'Save browser notifications' }).click()
    await page.getByText('Browser notifications saved').first().waitFor()
    expect(await language()).toBe('en')

    // Switched to Chinese and back: the server follows each time.
    await page.goto('/')
    await page.getByRole('button', { name: '切换到中文' }).click()
    await expect.poll(language).toBe('zh-CN')
    await page.getByRole('button', { name: 'Switch to English' }).click()
    await expect.poll(language).toBe('en')

    // Switched where no session asks (here: the setting changed behind the app), it follows at the app's next start.
    await readIn(page, 'zh-CN', '0')
    await page.reload()
    await expect.poll(language).toBe('zh-CN')
  })

  it('a code the provider refuses: the login screen says it was not sent and offers to try again', async () => {
    session.deps.sms.send = async () => { throw new SmsFailure('rejected', 'isv.BUSINESS_LIMIT_CONTROL') }
    const { page } = await session.newPage(phone)
    await page.goto('/login')
    await page.getByLabel('手机号').fill('13700006001')
    await page.getByRole('button', { name: '获取验证码' }).click()
    const alert = page.locator('[data-test="sms-not-delivered"]')
    await alert.getByText('验证码短信没有发出').waitFor()
    await expect.poll(() => alert.getByRole('button').textContent()).toMatch(/秒后重发/)
    await shot(page, 'notices-03-not-delivered')
  })

  it('while the provider is unreachable the screen says 短信发送中…, and says so plainly when the message is given up', async () => {
    session.deps.sms.send = async () => { throw new SmsFailure('unavailable', 'NETWORK') }
    const { page } = await session.newPage(phone)
    await page.goto('/login')
    await page.getByLabel('手机号').fill('13700006002')
    await page.getByRole('button', { name: '获取验证码' }).click()
    await page.locator('[data-test="sms-sending"]').getByText('短信发送中…').waitFor()
    await shot(page, 'notices-04-sending')
    // The outbox gives the message up (as after its last retry): the screen, still asking, says so.
    await session.database.db.update(outboxMessages).set({ state: 'failed', lastError: 'unavailable NETWORK' }).where(eq(outboxMessages.recipient, '13700006002'))
    await page.locator('[data-test="sms-not-delivered"]').getByText('验证码短信没有发出').waitFor({ timeout: 10_000 })
    expect(await page.locator('[data-test="sms-sending"]').count()).toBe(0)
  })

  it('an officer on a one-time password is taken to the password change, told why', async () => {
    await session.database.db.update(accounts).set({ passwordMustChange: true }).where(eq(accounts.username, 'xiangfu.officer'))
    const { page } = await session.newPage(phone)
    await page.goto('/officer/login')
    await page.getByLabel('用户名').fill('xiangfu.officer')
    await page.getByLabel('密码').fill('xjt-demo-2026')
    await page.getByRole('button', { name: '登录' }).click()
    await page.waitForURL(/\/officer\/security$/)
    await page.getByText('您正在使用一次性密码').waitFor()
    await shot(page, 'notices-05-one-time-password')
    await page.getByLabel('当前密码').fill('xjt-demo-2026')
    await page.getByLabel('新密码').fill('Huanghe-River-2026!')
    await page.getByRole('button', { name: '保存新密码' }).click()
    await page.waitForURL(/\/officer$/)
  })

  it('an officer sees the two reminders, off until turned on', async () => {
    const { page } = await session.newPage(phone)
    await signInOfficer(page, 'zhongyuan.head')
    await page.goto('/settings/notices')
    await page.locator('[data-kind="dueSoon"]').waitFor()
    expect(await page.getByRole('switch').count()).toBe(2)
    expect(await page.locator('[data-kind="overdue"]').getAttribute('aria-checked')).toBe('false')
    await page.getByText('没有登记手机号').waitFor()
    await shot(page, 'notices-06-officer')
  })
})
