import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'
import { bindDaughter, mother, primary, signInByCode, signInOfficer } from './kit.ts'

describe.skipIf(!browserAvailable)('the province reads the audit log on a phone (issue 9)', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  beforeAll(async () => { session = await startBrowserSession() })
  afterAll(async () => { await session?.close() })

  it('lists who did what, filters by action and shows that the hash chain is intact', async () => {
    // A county officer opens a record: an entry to find.
    const { page: county } = await session.newPage()
    await county.request.post('/api/auth/officer', { data: { username: 'zhongyuan.officer', password: 'xjt-demo-2026' } })
    const { records } = await (await county.request.post('/api/officer/records/search', { data: { q: '李' } })).json()
    await county.request.get(`/api/records/${records[0].id}`)

    const { page } = await session.newPage()
    const urls: string[] = []
    page.on('request', r => urls.push(decodeURIComponent(r.url())))
    await signInOfficer(page, 'henan.province')
    await page.locator('.van-cell', { hasText: '审计日志' }).click()
    await page.getByText('查看学籍 · 周建华').first().waitFor()
    await page.getByRole('status').filter({ hasText: '哈希链完整' }).waitFor()
    await page.getByLabel('动作').selectOption('record.')
    await page.getByRole('button', { name: '查询' }).click()
    await page.getByText('查看学籍 · 周建华').first().waitFor()
    await shot(page, 'y-01-audit-log')

    // By what an officer has in hand: the officer's name, and a mother's own binding found by the child's ID number.
    const { page: mum } = await session.newPage()
    expect(await signInByCode(mum.request, mother.phone!)).toBe(200)
    await bindDaughter(mum.request)
    await page.getByLabel('动作').selectOption('')
    await page.getByLabel('工作人员').fill('周建华')
    await page.getByRole('button', { name: '查询' }).click()
    await page.getByText('查看学籍 · 周建华').first().waitFor()
    await page.getByLabel('工作人员').fill('')
    await page.getByLabel('学籍', { exact: true }).fill(primary.record.idNumber!)
    await page.getByRole('button', { name: '查询' }).click()
    await page.getByText(/ · 学生或家长本人$/).first().waitFor()
    await shot(page, 'y-02-audit-by-record')
    // What was filtered by, an ID number and a name, went in request bodies, never in a URL (002:25).
    expect(urls.filter(u => u.includes(primary.record.idNumber!) || u.includes('周建华'))).toEqual([])
  })
})
