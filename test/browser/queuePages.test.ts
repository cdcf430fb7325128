// Issue 14: an officer's queue shows 20 at a time and 加载更多 brings the rest; nothing is cut off.
import { Buffer } from 'node:buffer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyRequest } from '../support/copyRows.ts'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'
import { bindDaughter, mother, primary, signInByCode, signInOfficer } from './kit.ts'

describe.skipIf(!browserAvailable)('a long correction queue', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  beforeAll(async () => { session = await startBrowserSession() })
  afterAll(async () => { await session?.close() })

  it('shows 20 requests, then all 25 after 加载更多, and no button once everything is shown', async () => {
    const { context } = await session.newPage()
    expect(await signInByCode(context.request, mother.phone!)).toBe(200)
    await bindDaughter(context.request)
    const proof = await (await context.request.post('/api/uploads', { multipart: { file: { name: 'proof.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') } } })).json()
    const filed = await context.request.post('/api/corrections', { data: { requestId: crypto.randomUUID(), recordId: primary.record.id, items: [{ field: 'student.name', requestedValue: '李梓涵' }], reason: '登记时录入错误', attachmentIds: [proof.id] } })
    expect(filed.status()).toBe(201)
    await copyRequest(session.database.db, 'corrections', (await filed.json()).id, 24)

    const { page } = await session.newPage()
    await signInOfficer(page, 'primary.registrar')
    await page.goto('/officer/corrections')
    const rows = page.locator('main .van-cell-group .van-cell')
    await expect.poll(() => rows.count()).toBe(20)
    const more = page.getByRole('button', { name: '加载更多' })
    await more.scrollIntoViewIfNeeded()
    await shot(page, 'queue-01-corrections-more')
    await more.click()
    await expect.poll(() => rows.count()).toBe(25)
    await expect.poll(() => more.count()).toBe(0)
  })
})
