import { Buffer } from 'node:buffer'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'
import { fileComplaint, mother, postComplaint, primary, signInByCode } from './kit.ts'

describe.skipIf(!browserAvailable)('我的申请 on a phone (issue 13 item 8)', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  beforeAll(async () => { session = await startBrowserSession() })
  afterAll(() => session?.close())

  it('a mother finds her complaint and her correction in one list from the home page, each with its state and time left', async () => {
    const { context, page } = await session.newPage()
    await fileComplaint(context.request)
    const bound = await context.request.post('/api/bindings', { data: { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber, childName: primary.record.name, childIdNumber: primary.record.idNumber } })
    expect(bound.status()).toBe(200)
    const upload = await context.request.post('/api/uploads', { multipart: { file: { name: 'proof.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]) } } })
    const proof = (await upload.json()).id as string
    const correction = await context.request.post('/api/corrections', { data: { requestId: crypto.randomUUID(), recordId: primary.record.id, items: [{ field: 'student.currentAddress', requestedValue: '河南省郑州市中原区建设西路 8 号' }], reason: '搬家后住址变了', attachmentIds: [proof] } })
    expect(correction.status()).toBe(201)

    await page.goto('/')
    await page.getByText('我的申请').click()
    await page.waitForURL(/\/requests$/)
    const items = page.locator('.request')
    await expect.poll(() => items.count()).toBe(2)
    await expect.poll(() => items.allInnerTexts()).toEqual(expect.arrayContaining([
      expect.stringMatching(/投诉[\s\S]*最迟 \d{4}-\d{2}-\d{2} 受理/),
      expect.stringMatching(/信息更正[\s\S]*现居住[\s\S]*剩余 \d+ 个工作日/),
    ]))
    await shot(page, 'r-01-my-requests')
    await items.filter({ hasText: '信息更正' }).click()
    await page.waitForURL(/\/corrections\/[0-9a-f-]{36}$/)
    // Back returns to the list it was opened from, not to the record (the walk-through found it did).
    await page.getByRole('button', { name: '返回' }).click()
    await page.waitForURL(/\/requests$/)
    await expect.poll(() => items.count()).toBe(2)
    // Opened straight (a link in a text message), Back goes to the record.
    await page.goto(`/corrections/${(await correction.json()).id}`)
    await page.getByRole('button', { name: '返回' }).click()
    await page.waitForURL(new RegExp(`/records/${primary.record.id}$`))
  })

  it('a long inbox shows the newest 50, and the earlier ones on 查看更早的消息 (issue 14: every list is paged)', async () => {
    const { context, page } = await session.newPage()
    const phone = '13900000166' // anyone signed in has an inbox; the mother's code was used above
    await context.request.post('/api/auth/sms/send', { data: { phone } })
    const code = (await (await context.request.post('/api/dev/sms-outbox', { data: { phone } })).json()).messages[0].code
    await context.request.post('/api/auth/sms/verify', { data: { phone, code } })
    const me = await (await context.request.get('/api/me')).json()
    await session.database.db.execute(sql`insert into notifications (account_id, at, kind, title, body)
      select ${me.accountId}::uuid, timestamptz '2026-10-01 08:00:00+08' + i * interval '1 hour', 'case.accepted', '投诉已受理', '第 ' || i || ' 条消息' from generate_series(1, 60) i`)
    await page.goto('/inbox')
    const notes = page.locator('.notes > li')
    await expect.poll(() => notes.count()).toBe(50)
    await page.getByRole('button', { name: '查看更早的消息' }).scrollIntoViewIfNeeded()
    await shot(page, 'r-02-inbox-more')
    await page.getByRole('button', { name: '查看更早的消息' }).click()
    await expect.poll(() => notes.count()).toBe(60)
    await page.getByText('第 1 条消息', { exact: true }).waitFor()
    expect(await page.getByRole('button', { name: '查看更早的消息' }).count()).toBe(0)
  })
  it('someone with many requests sees 20 and the rest on 加载更多, each once (issue 14: every list is paged)', async () => {
    const { context, page } = await session.newPage()
    expect(await signInByCode(context.request, '13900000167')).toBe(200)
    for (let i = 0; i < 23; i++)
      await postComplaint(context.request)
    for (const [path, line] of [['/requests', '.request'], ['/complaints', '.case']] as const) {
      await page.goto(path)
      const lines = page.locator(line)
      await expect.poll(() => lines.count()).toBe(20)
      const more = page.getByRole('button', { name: '加载更多' })
      await more.scrollIntoViewIfNeeded()
      await shot(page, `r-03-more${path.replace('/', '-')}`)
      await more.click()
      await expect.poll(() => lines.count()).toBe(23)
      expect(await more.count()).toBe(0)
      const links = await lines.evaluateAll(els => els.map(e => e.getAttribute('href')))
      expect(new Set(links).size).toBe(23)
    }
  })
})
