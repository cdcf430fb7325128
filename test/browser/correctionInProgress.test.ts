// A field a correction is working on, as the graduate and the officer see it: the record links to the
// request instead of offering a second one, the form leaves the field out before anything is typed,
// the 学历证明书 section says a certificate now prints the field as registered, and the officer sees
// whose record it is. A birth date the ID number contradicts is refused at its field, with the form kept.
import { Buffer } from 'node:buffer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'
import { college, photo, showRecordLists, signInByCode, signInOfficer } from './kit.ts'

describe.skipIf(!browserAvailable)('a field in correction', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  beforeAll(async () => { session = await startBrowserSession() })
  afterAll(async () => { await session?.close() })

  it('leads to the request in progress from the record and the form, advises on the certificate; the officer sees whose it is', async () => {
    const { page } = await session.newPage()
    expect(await signInByCode(page.request, '13512345711')).toBe(200)
    const { recordId } = await (await page.request.post('/api/bindings', { data: { relation: 'self', name: college.record.name, idNumber: college.record.idNumber } })).json()
    const proof = await (await page.request.post('/api/uploads', { multipart: { file: { name: 'proof.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') } } })).json()
    const filed = await page.request.post('/api/corrections', { data: { requestId: crypto.randomUUID(), recordId, items: [{ field: 'student.name', requestedValue: `${college.record.name}一` }], reason: '学校登记时录入错误', attachmentIds: [proof.id] } })
    expect(filed.status(), await filed.text()).toBe(201)
    const { id } = await filed.json()

    // The record: 姓名 links to the request; there is no 有误 to start a second one.
    await page.goto(`/records/${recordId}`)
    const inCorrection = page.getByRole('link', { name: '查看“姓名”的更正申请' })
    await inCorrection.waitFor()
    expect(await page.getByRole('button', { name: '标记“姓名”有误' }).count()).toBe(0)
    await shot(page, 'p-01-record-in-correction')
    // A certificate may still be asked for; the graduate is told it prints the name as registered.
    await showRecordLists(page)
    await page.getByText('您的姓名更正正在办理中。现在申请，学历证明书印的是学籍现登记的内容').scrollIntoViewIfNeeded()
    expect(await page.getByRole('button', { name: '申请学历证明书' }).count()).toBe(1)
    await shot(page, 'p-02-certificate-advice')
    await inCorrection.scrollIntoViewIfNeeded()
    await inCorrection.click()
    await page.waitForURL(new RegExp(`/corrections/${id}$`))

    // The form, opened for the name again: the name is left out before anything is typed.
    await page.goto(`/records/${recordId}/corrections/new?field=student.name`)
    await page.getByText('姓名已有一份更正申请在办理中，不能重复申请').waitFor()
    await page.getByText(/^选择要更正的信息/).click()
    const nameRow = page.locator('.van-cell').filter({ hasText: '已在办理中' })
    expect(await nameRow.count()).toBe(1)
    expect(await nameRow.textContent()).toContain('姓名')
    await nameRow.click()
    expect(await page.getByText('选择要更正的信息（已选 0 项）').count()).toBe(1)
    await shot(page, 'p-03-form-field-busy')

    // A birth date the ID number contradicts: refused at the field, with everything typed kept.
    await page.locator('.van-cell').filter({ hasText: /^出生日期$/ }).click()
    const threeDaysOff = new Date(Date.parse(college.record.birthDate) + 3 * 86_400_000).toISOString().slice(0, 10)
    await page.getByLabel('应更正为').fill(threeDaysOff)
    await page.getByLabel('更正原因').fill('出生日期登记错了三天')
    await page.locator('input[type=file]').last().setInputFiles(await photo(page))
    await page.getByText(/已上传/).first().waitFor({ timeout: 20_000 })
    await page.getByRole('button', { name: '提交更正申请' }).click()
    await page.getByText('与身份证件号第 7 至 14 位（出生日期）不一致').waitFor()
    expect(await page.getByLabel('应更正为').inputValue()).toBe(threeDaysOff)
    expect(await page.getByLabel('更正原因').inputValue()).toBe('出生日期登记错了三天')
    await shot(page, 'p-04-birth-date-contradicts', true)

    // The registrar deciding sees whose record it is, and opens it from there.
    const desk = await session.newPage()
    await signInOfficer(desk.page, 'college.registrar')
    await desk.page.goto(`/officer/corrections/${id}`)
    const whose = desk.page.getByRole('button', { name: new RegExp(`^${college.record.name} ${college.schoolName}`) })
    await whose.waitFor()
    expect(await whose.textContent()).toContain(college.schoolName)
    await shot(desk.page, 'p-05-officer-whose')
    await whose.click()
    await desk.page.waitForURL(new RegExp(`/officer/records/${recordId}$`))
    // A certificate asked for meanwhile: the registrar is told it prints the name as registered.
    const thisMonth = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7)
    const applied = await page.request.post(`/api/records/${recordId}/certificate-requests`, { data: { requestId: crypto.randomUUID(), loss: 'lost', occurredOn: thisMonth, circumstances: '搬家时装毕业证书的文件袋遗失，已多方寻找未果。', statement: { signedName: college.record.name, agreed: true } } })
    expect(applied.status(), await applied.text()).toBe(201)
    await desk.page.goto(`/officer/certificates/${(await applied.json()).id}`)
    await desk.page.getByText('这位学生的姓名更正正在办理中：现在出具，证明书印的是学籍现登记的内容').waitFor()
    await shot(desk.page, 'p-05b-officer-certificate-advice')
    await desk.context.close()

    // Filed by mistake: the graduate withdraws it, after a confirmation, and may apply again.
    await page.goto(`/corrections/${id}`)
    await page.getByRole('button', { name: '撤回申请' }).click()
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click()
    await page.locator('.status').filter({ hasText: '已撤回' }).waitFor()
    expect(await page.getByRole('button', { name: '撤回申请' }).count()).toBe(0)
    await shot(page, 'p-06-withdrawn')
  })
})
