// Issue 10 item 16: a second 学历证明书 request for the same diploma that contradicts the first (lost,
// then damaged) is shown to the school's registrar next to the earlier statement, flagged; the
// graduate is told on their request page that an earlier request exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { featuredStudents } from '../../server/demo/generate.ts'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'
import { DEMO_PASSWORD } from './kit.ts'

const college = featuredStudents().find(f => f.key === 'college')!

describe.skipIf(!browserAvailable)('a contradicting second certificate request', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  beforeAll(async () => { session = await startBrowserSession() })
  afterAll(async () => { await session?.close() })

  it('the registrar sees both statements with the contradiction flagged; the graduate is told an earlier request exists', async () => {
    const { page } = await session.newPage()
    const phone = '13512345702'
    await page.request.post('/api/auth/sms/send', { data: { phone } })
    const code = (await (await page.request.post('/api/dev/sms-outbox', { data: { phone } })).json()).messages[0].code
    await page.request.post('/api/auth/sms/verify', { data: { phone, code } })
    const { recordId } = await (await page.request.post('/api/bindings', { data: { relation: 'self', name: college.record.name, idNumber: college.record.idNumber } })).json()
    const apply = (data: Record<string, unknown>) => page.request.post(`/api/records/${recordId}/certificate-requests`, { data: { requestId: crypto.randomUUID(), statement: { signedName: college.record.name, agreed: true }, ...data } })
    // No dates written in: the month the diploma was issued, then today in Shanghai (months apart
    // whatever the demo's graduation year; the same month only in a June the demo graduates in).
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
    const issuedOn = (await (await page.request.get(`/api/records/${recordId}/certificates`)).json()).diploma.issuedOn as string
    const first = await (await apply({ loss: 'lost', occurredOn: issuedOn.slice(0, 7), circumstances: '毕业那个月搬家时装毕业证书的文件袋遗失，已多方寻找未果。' })).json()

    const registrar = await session.newPage()
    await registrar.page.request.post('/api/auth/officer', { data: { username: 'college.registrar', password: DEMO_PASSWORD } })
    expect((await registrar.page.request.post(`/api/certificate-requests/${first.id}/refuse`, { data: { reason: '请补充遗失登报声明后再申请' } })).status()).toBe(200)

    const second = await apply({ loss: 'damaged', occurredOn: today, circumstances: '毕业证书在家中被水浸泡，字迹无法辨认。' })
    expect(second.status()).toBe(201)
    const view = await second.json()
    expect(view).toMatchObject({ contradictsEarlier: true, earlier: [{ id: first.id, loss: 'lost', conflicts: ['loss', 'occurredOn'] }] })

    await page.goto(`/certificate-requests/${view.id}`)
    await page.getByText('两次的说法不一致').waitFor()
    await page.getByRole('heading', { name: '同一毕业证书此前的申请' }).scrollIntoViewIfNeeded()
    await shot(page, 'c-01-graduate-earlier')

    await registrar.page.goto(`/officer/certificates/${view.id}`)
    await registrar.page.getByText('与此前的申请说法不一致').first().waitFor()
    await shot(registrar.page, 'c-02-officer-flag')
    await registrar.page.getByRole('heading', { name: '同一毕业证书此前的申请' }).scrollIntoViewIfNeeded()
    await registrar.page.getByText('毕业那个月搬家时装毕业证书的文件袋遗失').waitFor()
    await registrar.page.getByText('毕业证书在家中被水浸泡').waitFor()
    await shot(registrar.page, 'c-03-officer-both-statements', true)
    await registrar.context.close()
  })
})
