import type { Page } from 'playwright-core'
import { Secret, TOTP } from 'otpauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, phone, shot, startBrowserSession } from './harness.ts'

const codeFor = (secret: string) => TOTP.generate({ secret: Secret.fromBase32(secret) })

async function signInWithPassword(page: Page, username: string) {
  await page.goto('/officer/login')
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill('xjt-demo-2026')
  await page.getByRole('button', { name: '登录' }).click()
}

describe.skipIf(!browserAvailable)('an officer sets up one-time codes on a phone', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  beforeAll(async () => { session = await startBrowserSession() })
  afterAll(async () => { await session?.close() })

  it('enrols from the account security page by scanning and typing a code, then signs in with password and code', async () => {
    const { page } = await session.newPage(phone)
    await signInWithPassword(page, 'zhongyuan.officer')
    await page.waitForURL(/\/officer$/)
    await page.getByText('账号安全').click()
    await page.waitForURL(/\/officer\/security$/)
    await page.getByText('当前设备').waitFor()
    await shot(page, 'sec-01-security-page', true)

    await page.getByRole('button', { name: '开启动态验证码' }).click()
    const qr = page.getByAltText('动态验证码设置二维码')
    await qr.waitFor()
    expect(await qr.evaluate(img => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(100) // the image decoded
    const secret = (await page.locator('.key code').textContent())!.replaceAll(' ', '')
    await page.getByLabel('动态验证码', { exact: true }).fill(codeFor(secret))
    await shot(page, 'sec-02-enrol-qr')
    await page.getByRole('button', { name: '确认开启' }).click()
    await page.getByText('动态验证码已开启').first().waitFor()
    await shot(page, 'sec-03-enrolled')

    // A new device: password alone asks for the code; a code from a later 30-second step signs in.
    const { page: other } = await session.newPage(phone)
    await signInWithPassword(other, 'zhongyuan.officer')
    await other.getByText('请输入身份验证器 App 上的 6 位数字').waitFor()
    await shot(other, 'sec-04-login-asks-code')
    await new Promise(resolve => setTimeout(resolve, TOTP.remaining({ period: 30 }) + 500))
    await other.getByLabel('动态验证码', { exact: true }).fill(codeFor(secret))
    await other.getByRole('button', { name: '登录' }).click()
    await other.waitForURL(/\/officer$/)

    await page.reload()
    await expect.poll(() => page.locator('li').count()).toBe(2)
    await shot(page, 'sec-05-two-sessions', true)
  })
})
