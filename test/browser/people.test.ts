import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildWorld } from '../../server/demo/world.ts'
import { browserAvailable, phone, shot, startBrowserSession } from './harness.ts'

const schoolName = buildWorld().units.find(u => u.id === buildWorld().featured.primary.unitId)!.name

async function signIn(page: Page, username: string, password: string) {
  await page.goto('/officer/login')
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
}

describe.skipIf(!browserAvailable)('a county\'s account administrator on a phone (issue 12)', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  beforeAll(async () => { session = await startBrowserSession() })
  afterAll(async () => { await session?.close() })

  it('creates a registrar at a school, resets the password; the registrar signs in with it and must set their own', async () => {
    const { page, context } = await session.newPage(phone)
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await signIn(page, 'zhongyuan.admin', 'xjt-demo-2026')
    await page.waitForURL(/\/officer$/)
    await page.locator('.van-cell', { hasText: '账号管理' }).click()
    await page.waitForURL(/\/officer\/people$/)
    await page.getByText('zhongyuan.officer').waitFor()
    await shot(page, 'people-01-accounts', true)

    await page.getByRole('button', { name: '新建账号' }).click()
    await page.getByLabel('姓名').fill('王晓红')
    await page.getByLabel('用户名').fill('yuying.wang')
    await page.getByRole('combobox', { name: '单位' }).selectOption({ label: `\u3000${schoolName}` })
    await page.getByRole('combobox', { name: '角色' }).selectOption({ label: '学籍管理员' })
    await shot(page, 'people-02-create')
    await page.getByRole('button', { name: '创建' }).click()
    const shown = page.getByTestId('one-time-password')
    await shown.waitFor()
    const first = (await shown.textContent())!.trim()
    expect(first).toMatch(/^(?:[a-z2-9]{5}-){3}[a-z2-9]{5}$/i)
    await page.getByRole('button', { name: '复制密码' }).click()
    await page.getByText('已复制').waitFor()
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(first)
    await shot(page, 'people-03-one-time-password')
    await page.getByRole('button', { name: '我已记下' }).click()

    // The new account is listed, never signed in, waiting for its own password; the administrator resets it.
    const row = page.locator('.van-cell', { hasText: '王晓红' })
    await row.getByText('从未登录').waitFor()
    await row.getByText('待改密码').waitFor()
    await row.click()
    await page.getByRole('button', { name: '重置密码' }).click()
    await page.getByRole('button', { name: '确认' }).click()
    await page.getByText('yuying.wang 的密码已重置。').waitFor()
    const reset = (await shown.textContent())!.trim()
    expect(reset).toMatch(/^(?:[a-z2-9]{5}-){3}[a-z2-9]{5}$/i)
    expect(reset).not.toBe(first)
    await shot(page, 'people-04-reset')
    await page.getByRole('button', { name: '我已记下' }).click()

    // The registrar, on their own phone: the first password no longer works; the reset one does, once, until replaced.
    const { page: theirs } = await session.newPage(phone)
    await signIn(theirs, 'yuying.wang', first)
    await theirs.getByText('用户名或密码不正确').waitFor()
    await signIn(theirs, 'yuying.wang', reset)
    await theirs.waitForURL(/\/officer\/security$/)
    await theirs.getByText('您正在使用一次性密码').waitFor()
    await shot(theirs, 'people-05-must-change', true)
    await theirs.goto('/officer/cases')
    await theirs.waitForURL(/\/officer\/security$/)
    await theirs.getByLabel('当前密码').fill(reset)
    await theirs.getByLabel('新密码').fill('Huanghe-River-2026!')
    await theirs.getByRole('button', { name: '保存新密码' }).click()
    await theirs.waitForURL(/\/officer$/)
    await shot(theirs, 'people-06-signed-in')

    // Back on the administrator's page: the registrar's last sign-in shows.
    await page.reload()
    await page.locator('.van-cell', { hasText: '王晓红' }).getByText(/最近登录/).waitFor()
    await shot(page, 'people-07-last-sign-in', true)
  }, 120_000)

  it('an officer who is not an administrator has no account management', async () => {
    const { page } = await session.newPage(phone)
    await signIn(page, 'zhongyuan.head', 'xjt-demo-2026')
    await page.waitForURL(/\/officer$/)
    expect(await page.locator('.van-cell', { hasText: '账号管理' }).count()).toBe(0)
    await page.goto('/officer/people')
    await page.waitForURL(/\/officer$/)
  })
})
