import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { featuredStudents } from '../../server/demo/generate.ts'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'
import { showRecordLists } from './kit.ts'

const junior = featuredStudents().find(f => f.key === 'junior')!

describe.skipIf(!browserAvailable)('a student corrects a field', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  beforeAll(async () => { session = await startBrowserSession() })
  afterAll(async () => { await session?.close() })

  it('disputes a field, is told which proofs to bring, submits with a photo and follows it to approval', async () => {
    const { page } = await session.newPage()
    const phone = '13512345600'
    await page.request.post('/api/auth/sms/send', { data: { phone } })
    const code = (await (await page.request.post('/api/dev/sms-outbox', { data: { phone } })).json()).messages[0].code
    await page.request.post('/api/auth/sms/verify', { data: { phone, code } })
    const bound = await (await page.request.post('/api/bindings', { data: { relation: 'self', name: junior.record.name, idNumber: junior.record.idNumber } })).json()

    await page.goto(`/records/${bound.recordId}`)
    await page.getByRole('button', { name: '标记“姓名”有误' }).click()
    await page.getByRole('dialog').getByLabel('哪里不对').fill('名字中间的字登记错了')
    await page.getByRole('button', { name: '提交异议' }).click()
    await showRecordLists(page)
    await page.getByRole('link', { name: '申请更正' }).click()
    await page.waitForURL(/corrections\/new/)
    await page.getByText('请准备以下证明材料').waitFor()
    expect(await page.getByText('公安部门出具的户籍登记项目变更证明').count()).toBeGreaterThan(0)
    expect(await page.getByText(/公安部门出具的户籍注销证明/).count()).toBeGreaterThan(0) // 004:3 names both
    await shot(page, 'k-01-guide', true)

    await page.getByLabel('应更正为').fill('王皓宇')
    // What she wrote when marking the field starts the reason (the walk-through found it left behind).
    expect(await page.getByLabel('更正原因').inputValue()).toBe('名字中间的字登记错了')
    await page.getByLabel('更正原因').fill('入学登记时把“皓”录成了“浩”')
    // Sent without a proof: refused, and the refusal goes once a photo is there (it stayed on screen).
    await page.getByRole('button', { name: '提交更正申请' }).click()
    await page.getByRole('alert').filter({ hasText: '请上传证明材料' }).waitFor()
    const photo = await page.screenshot({ type: 'png' })
    await page.locator('input[type=file]').last().setInputFiles({ name: 'hukou.png', mimeType: 'image/png', buffer: photo })
    await page.getByText(/已上传/).first().waitFor({ timeout: 20_000 })
    await expect.poll(() => page.getByText('请上传证明材料').count()).toBe(0)
    await page.getByRole('button', { name: '提交更正申请' }).click()
    await page.waitForURL(/\/corrections\/[0-9a-f-]{36}$/)
    await page.getByText('办理中').first().waitFor()
    await shot(page, 'k-02-filed', true)

    const id = page.url().split('/').pop()!
    // The disputed field now leads to the correction under review, not to a second request (issue 13 item 9).
    await page.goto(`/records/${bound.recordId}`)
    await showRecordLists(page)
    await page.getByRole('link', { name: '已申请更正，查看进度' }).scrollIntoViewIfNeeded()
    expect(await page.getByRole('link', { name: '申请更正', exact: true }).count()).toBe(0)
    await shot(page, 'k-02a-dispute-covered')
    await page.goto('/')
    await page.getByText('我的学籍').waitFor()
    await shot(page, 'k-00-home')

    // The school's registrar takes the first step on a phone.
    const desk = await session.newPage()
    await desk.page.goto('/officer/login')
    await desk.page.getByLabel('用户名').fill('junior.registrar')
    await desk.page.getByLabel('密码').fill('xjt-demo-2026')
    await desk.page.getByRole('button', { name: '登录' }).click()
    await desk.page.waitForURL(/\/officer$/)
    await desk.page.goto('/officer/corrections')
    await desk.page.getByText(/王浩宇 · 姓名/).click()
    await desk.page.getByRole('form', { name: '办理' }).waitFor()
    await desk.page.getByRole('img', { name: '证明材料 1' }).waitFor() // the reviewer sees the proof
    await shot(desk.page, 'k-02b-officer-decide', true)
    // Nothing is chosen for them: 提交办理意见 alone asks for a decision (it approved, unread).
    const decide = desk.page.getByRole('form', { name: '办理' })
    await decide.getByRole('button', { name: '提交办理意见' }).click()
    await decide.getByText('请选择办理意见：同意、不同意或不予受理').waitFor()
    await shot(desk.page, 'k-02c-officer-decide-unchosen')
    await decide.getByText('同意', { exact: true }).click()
    await decide.getByRole('button', { name: '提交办理意见' }).click()
    await desk.page.getByText('教育局经办人审核证明材料').first().waitFor()
    await desk.context.close()

    for (const username of ['zhongyuan.officer', 'zhongyuan.head']) {
      const ctx = await session.newPage()
      await ctx.page.request.post('/api/auth/officer', { data: { username, password: 'xjt-demo-2026' } })
      const res = await ctx.page.request.post(`/api/corrections/${id}/decision`, { data: { decision: 'approve', reason: '' } })
      expect(res.status(), await res.text()).toBe(200)
      await ctx.context.close()
    }
    // issue 10: approved, but the record keeps the registered name until the entry in 国网 is recorded.
    await page.goto(`/records/${bound.recordId}`)
    await page.getByText('已批准，待录入国网').waitFor()
    await page.getByRole('heading', { name: '王浩宇' }).waitFor()
    expect(await page.getByText('批准的新内容：王皓宇').count()).toBe(1)
    await page.getByText('已批准，待录入国网').scrollIntoViewIfNeeded()
    await shot(page, 'k-03a-pending-entry')
    const entry = await session.newPage()
    await entry.page.request.post('/api/auth/officer', { data: { username: 'junior.registrar', password: 'xjt-demo-2026' } })
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    const entered = await entry.page.request.post(`/api/corrections/${id}/official-entry`, { data: { enteredOn: today, operator: '张老师', reference: 'GW-2026-0101' } })
    expect(entered.status(), await entered.text()).toBe(200)
    await entry.context.close()
    await page.goto(`/corrections/${id}`)
    await page.getByText('已批准，已更正').waitFor()
    await shot(page, 'k-03-approved', true)
    await page.goto(`/records/${bound.recordId}`)
    await page.getByRole('heading', { name: '王皓宇' }).waitFor()
    await showRecordLists(page)
    await page.getByText('信息变更记录').scrollIntoViewIfNeeded()
    await shot(page, 'k-04-history')
  })
})
