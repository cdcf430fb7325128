import { Buffer } from 'node:buffer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'
import { fileComplaint, mother, primary } from './kit.ts'

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
      expect.stringMatching(/投诉[\s\S]*前受理/),
      expect.stringMatching(/信息更正[\s\S]*现居住[\s\S]*剩余 \d+ 个工作日/),
    ]))
    await shot(page, 'r-01-my-requests')
    await items.filter({ hasText: '信息更正' }).click()
    await page.waitForURL(/\/corrections\/[0-9a-f-]{36}$/)
  })
})
