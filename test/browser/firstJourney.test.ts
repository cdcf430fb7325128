import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { featuredStudents } from '../../server/demo/generate.ts'
import { browserAvailable, desktop, phone, shot, startBrowserSession } from './harness.ts'
import { showRecordLists } from './kit.ts'

const junior = featuredStudents().find(f => f.key === 'junior')!

async function codeFor(page: Page, phone: string) {
  const res = await page.request.post('/api/dev/sms-outbox', { data: { phone } })
  return (await res.json()).messages[0].code as string
}

describe.skipIf(!browserAvailable)('a student on a phone', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  beforeAll(async () => { session = await startBrowserSession() })
  afterAll(async () => { await session?.close() })

  it('signs in with the outbox code, binds, sees the record masked and marks a field wrong; an officer\'s view shows up', async () => {
    const { page } = await session.newPage()
    await page.goto('/')
    await page.waitForURL(/\/login/)
    await shot(page, '01-login')

    await page.getByLabel('手机号').fill('13512345678')
    await page.getByRole('button', { name: '获取验证码' }).click()
    await expect.poll(() => page.getByRole('button', { name: /秒后重发/ }).count()).toBe(1)
    await page.getByLabel('验证码').fill(await codeFor(page, '13512345678'))
    await page.getByRole('button', { name: '登录' }).click()
    await page.waitForURL(/\/bind/)

    // A wrong check digit is named precisely and nothing typed is lost.
    await page.getByLabel('姓名').fill(junior.record.name)
    const wrong = `${junior.record.idNumber!.slice(0, 17)}${junior.record.idNumber!.endsWith('1') ? '2' : '1'}`
    await page.getByLabel('身份证件号').fill(wrong)
    await page.getByRole('button', { name: '核对并绑定' }).click()
    await expect.poll(() => page.locator('.van-field__error-message').getByText('校验位不正确，请核对最后一位').count()).toBe(1)
    expect(await page.getByLabel('姓名').inputValue()).toBe(junior.record.name)
    await shot(page, '02-bind-error')

    await page.getByLabel('身份证件号').fill(junior.record.idNumber!)
    await page.getByRole('button', { name: '核对并绑定' }).click()
    await page.waitForURL(/\/records\//)
    await page.getByRole('heading', { name: junior.record.name }).waitFor()
    const masked = `${junior.record.idNumber!.slice(0, 6)}********${junior.record.idNumber!.slice(-4)}`
    expect(await page.locator('[data-field="student.idNumber"]').textContent()).toBe(masked)
    expect(await page.content()).not.toContain(junior.record.idNumber!)
    await shot(page, '03-record')
    for (const [name, heading] of [['03b-guardians', '家庭成员或监护人一'], ['03c-timeline', '注册与异动']] as const) {
      await page.getByRole('heading', { name: heading }).scrollIntoViewIfNeeded()
      await shot(page, name)
    }

    await page.getByRole('button', { name: '标记“民族”有误' }).click()
    await page.getByRole('dialog').getByLabel('哪里不对').fill('我是回族，登记成了汉族')
    await shot(page, '04-dispute-sheet')
    await page.getByRole('button', { name: '提交异议' }).click()
    await page.getByText('我是回族，登记成了汉族').waitFor()
    expect(await page.getByText('已提出异议').count()).toBe(1)
    await shot(page, '05-record-disputed')

    // An officer of the county opens the record on a desktop; the student then sees who looked.
    const { page: desk } = await session.newPage(desktop)
    const deskUrls: string[] = []
    desk.on('request', r => deskUrls.push(decodeURIComponent(r.url())))
    await desk.goto('/officer/login')
    await desk.getByLabel('用户名').fill('zhongyuan.officer')
    await desk.getByLabel('密码').fill('xjt-demo-2026')
    await desk.getByRole('button', { name: '登录' }).click()
    await desk.waitForURL(/\/officer$/)
    await desk.getByRole('searchbox').fill(junior.record.name)
    await desk.getByRole('button', { name: '搜索' }).click()
    await desk.getByText(`${junior.record.name} · G`).first().click()
    await desk.waitForURL(/\/officer\/records\//)
    await desk.getByText('本次查看已记入审计日志。').waitFor()
    await shot(desk, '06-officer-record')
    expect(deskUrls.filter(u => u.includes(junior.record.name)), 'the name searched for stays out of URLs').toEqual([])

    await page.reload()
    await showRecordLists(page)
    await page.getByText('谁查看了我的学籍').waitFor()
    await expect.poll(() => page.getByText(/周建华/).count()).toBe(1)
    await page.getByText('谁查看了我的学籍').scrollIntoViewIfNeeded()
    await shot(page, '07-record-viewed')
  })

  it('the demo page shows the code and the demo logins', async () => {
    // A phone set to UTC still reads Beijing time (the time was the browser's own zone's).
    const { page } = await session.newPage({ ...phone, timezoneId: 'UTC' })
    const urls: string[] = []
    page.on('request', r => urls.push(r.url()))
    await page.goto('/login')
    await page.getByLabel('手机号').fill('13512340000')
    await page.getByRole('button', { name: '获取验证码' }).click()
    await page.getByRole('button', { name: /秒后重发/ }).waitFor()
    await page.getByRole('link', { name: '演示环境：查看验证码' }).click()
    await page.getByText(await codeFor(page, '13512340000'), { exact: true }).waitFor()
    expect(urls.filter(u => u.includes('13512340000')), 'the phone asked for stays out of URLs').toEqual([])
    await page.getByText('zhongyuan.officer').waitFor()
    // Roles in Chinese (they read "officer", "registrar"), the message's time in Beijing time.
    expect(await page.locator('.van-cell:has-text("zhongyuan.officer") .van-cell__value').textContent()).toBe('经办人')
    const sentAt = await page.locator('.sms .van-cell__label').textContent()
    const beijing = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(11, 13)
    expect([beijing, String((Number(beijing) + 23) % 24).padStart(2, '0')]).toContain(sentAt!.slice(0, 2))
    await shot(page, '08-demo')
    // Back on the sign-in page: the phone is still there, and so is the wait for a new code (both were lost).
    await page.goBack()
    await expect.poll(() => page.getByLabel('手机号').inputValue()).toBe('13512340000')
    await page.getByRole('button', { name: /秒后重发/ }).waitFor()
    await shot(page, '08b-login-after-demo')
  })
})
