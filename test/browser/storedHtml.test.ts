import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { featuredStudents } from '../../server/demo/generate.ts'
import { browserAvailable, desktop, shot, startBrowserSession } from './harness.ts'

const primary = featuredStudents().find(f => f.key === 'primary')!
const mother = primary.guardians.find(g => g.isGuardian)!

// Text a parent may type, and what an attacker would: each would run script if rendered as HTML.
const hostile = '孩子名字错了<img src=x onerror="window.__ran=1"><script>window.__ran=2</script><a href="javascript:window.__ran=3">点这里</a>'

const ran = (page: Page) => page.evaluate(() => (globalThis as unknown as { __ran?: number }).__ran ?? null)

describe.skipIf(!browserAvailable)('stored HTML never runs (issue 9)', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  beforeAll(async () => { session = await startBrowserSession() })
  afterAll(async () => { await session?.close() })

  it('a complaint whose text is HTML shows as text to the parent and to the officer, and no script runs', async () => {
    const { page: phone } = await session.newPage()
    const request = phone.request
    await request.post('/api/auth/sms/send', { data: { phone: mother.phone } })
    const code = (await (await request.get(`/api/dev/sms-outbox?phone=${mother.phone}`)).json()).messages[0].code
    await request.post('/api/auth/sms/verify', { data: { phone: mother.phone, code } })
    const filed = await request.post('/api/complaints', { data: {
      requestId: crypto.randomUUID(),
      complainant: { name: mother.name, gender: '女', age: 36, ethnicity: '汉族', idNumber: mother.idNumber, phone: mother.phone },
      student: { name: primary.record.name, gender: '女', age: 9, ethnicity: primary.record.ethnicity, registryNo: primary.record.registryNo, idNumber: primary.record.idNumber },
      schoolUnitId: primary.record.schoolUnitId,
      category: 'falseInformation',
      description: hostile,
    } })
    expect(filed.status()).toBe(201)
    const { id } = await filed.json() as { id: string }

    await phone.goto(`/complaints/${id}`)
    await phone.getByText(hostile).waitFor()
    expect(await ran(phone)).toBeNull()
    await shot(phone, 'x-01-parent-sees-html-as-text')

    const { page: desk } = await session.newPage(desktop)
    await desk.goto('/officer/login')
    await desk.getByLabel('用户名').fill('zhongyuan.officer')
    await desk.getByLabel('密码').fill('xjt-demo-2026')
    await desk.getByRole('button', { name: '登录' }).click()
    await desk.waitForURL(/\/officer$/)
    await desk.goto(`/officer/cases/${id}`)
    await desk.getByText(hostile).waitFor()
    expect(await desk.locator('img[src="x"], a[href^="javascript:"]').count()).toBe(0)
    expect(await ran(desk)).toBeNull()
    await shot(desk, 'x-02-officer-sees-html-as-text')
  })
})
