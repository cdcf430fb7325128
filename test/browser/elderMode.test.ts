import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { featuredStudents } from '../../server/demo/generate.ts'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'

const primary = featuredStudents().find(f => f.key === 'primary')!
const mother = primary.guardians.find(g => g.isGuardian)!

const fontSize = (page: Page, selector: string) => page.locator(selector).first().evaluate(e => Number.parseFloat((globalThis as any).getComputedStyle(e).fontSize))
const height = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!.height

describe.skipIf(!browserAvailable)('长辈版, switched on from the first screen', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  let page: Page
  beforeAll(async () => {
    session = await startBrowserSession()
    page = (await session.newPage()).page
  })
  afterAll(async () => { await session?.close() })

  it('makes body text at least 18 px and targets at least 60 px, and is remembered', async () => {
    await page.goto('/login')
    await page.getByRole('button', { name: '长辈版' }).click()
    await page.reload()
    await page.getByRole('button', { name: '标准版' }).waitFor()
    expect(await fontSize(page, 'main p')).toBeGreaterThanOrEqual(18)
    expect(await height(page, 'button.van-button')).toBeGreaterThanOrEqual(60)
    expect(await height(page, 'button.switch')).toBeGreaterThanOrEqual(60)
    await shot(page, 'elder-01-login')

    await page.getByLabel('手机号').fill(mother.phone!)
    await page.getByRole('button', { name: '获取验证码' }).click()
    await page.getByRole('button', { name: /秒后重发/ }).waitFor()
    const sms = await (await page.request.post('/api/dev/sms-outbox', { data: { phone: mother.phone } })).json()
    await page.getByLabel('验证码').fill(sms.messages[0].code)
    await page.getByRole('button', { name: '登录' }).click()
    await page.waitForURL(/\/bind/)
    await page.request.post('/api/bindings', {
      data: { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber, childName: primary.record.name, childIdNumber: primary.record.idNumber },
    })
    await page.goto('/')
    await page.getByText(primary.record.name).first().click()
    await page.locator('dt').first().waitFor()
    // A guardian reads their child's record, not "我的学籍".
    await page.locator('.van-nav-bar__title', { hasText: '孩子的学籍' }).waitFor()
    // The record's labels (16 px in the standard mode) and its 有误 buttons.
    expect(await fontSize(page, 'dt')).toBeGreaterThanOrEqual(18)
    expect(await fontSize(page, '.hint')).toBeGreaterThanOrEqual(18)
    expect(await height(page, 'button.dispute')).toBeGreaterThanOrEqual(60)
    await shot(page, 'elder-02-record')
  })
})
