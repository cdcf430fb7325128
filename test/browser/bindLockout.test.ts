import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { featuredStudents } from '../../server/demo/generate.ts'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'

const junior = featuredStudents().find(f => f.key === 'junior')!

describe.skipIf(!browserAvailable)('a student whose binding keeps failing', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  let page: Page
  beforeAll(async () => {
    session = await startBrowserSession()
    page = (await session.newPage()).page
  })
  afterAll(async () => { await session?.close() })

  it('is told how many tries are left, then why it is locked and until when', async () => {
    const phone = '13700000031'
    await page.goto('/login')
    await page.getByLabel('手机号').fill(phone)
    await page.getByRole('button', { name: '获取验证码' }).click()
    await page.getByRole('button', { name: /秒后重发/ }).waitFor()
    const sms = await (await page.request.post('/api/dev/sms-outbox', { data: { phone } })).json()
    await page.getByLabel('验证码').fill(sms.messages[0].code)
    await page.getByRole('button', { name: '登录' }).click()
    await page.waitForURL(/\/bind/)

    const submit = page.getByRole('button', { name: '核对并绑定' })
    await page.getByLabel('姓名').fill('王浩')
    await page.getByLabel('身份证件号').first().fill(junior.record.idNumber!)
    await submit.click()
    const notice = page.locator('.refusal')
    await notice.getByText('还可以再试 4 次').waitFor()
    expect(await notice.textContent()).not.toContain('手机号')
    await shot(page, 'bind-01-tries-left')
    for (let left = 3; left >= 0; left--) {
      await submit.click()
      await notice.getByText(left > 0 ? `还可以再试 ${left} 次` : /绑定暂停到 \d\d:\d\d/).waitFor()
    }
    expect(await submit.isDisabled()).toBe(true)
    await shot(page, 'bind-02-locked')
  })
})
