import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { featuredStudents } from '../../server/demo/generate.ts'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'
import { acceptToRegistrar, bindDaughter, mother, officerRequest, postComplaint, primary, readIn, signInByCode } from './kit.ts'

// Issue 13, item 3: every form a student or parent fills checks itself with the shared schema, shows
// every problem at its own field at once, takes each away as it is put right, and loses nothing typed.
// forms.test.ts holds the complaint and correction forms to it; these are the others.
const college = featuredStudents().find(f => f.key === 'college')!
const wrongCheckDigit = (id: string) => `${id.slice(0, 17)}${id.endsWith('1') ? '2' : '1'}`

/** The Vant field holding the input named `name`, and the message shown under it. */
const field = (scope: Page | Locator, name: string) => scope.locator(`.van-field:has([name="${name}"])`)
const messageAt = (scope: Page | Locator, name: string) => field(scope, name).locator('.van-field__error-message')
/** The texts of every field message on screen, in order. */
const shownMessages = (scope: Page | Locator) => scope.locator('.van-field__error-message:visible').allTextContents()

describe.skipIf(!browserAvailable)('every other form says everything at once, at the field, and forgets what was put right', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  let parent: Page // the mother, signed in with her daughter's record bound
  beforeAll(async () => {
    session = await startBrowserSession()
    parent = (await session.newPage()).page
    await parent.goto('/login')
    expect(await signInByCode(parent.request, mother.phone!)).toBe(200)
    await bindDaughter(parent.request)
  })
  afterAll(async () => { await session?.close() })

  it('the bind form names each wrong field at once, before asking the server, and clears each as it is fixed', async () => {
    const { page } = await session.newPage()
    await page.goto('/login')
    expect(await signInByCode(page.request, '13512345720')).toBe(200)
    const posted: string[] = []
    page.on('request', r => r.method() === 'POST' && r.url().endsWith('/api/bindings') && posted.push(r.url()))
    await page.goto('/bind')
    await page.getByRole('tab', { name: '我是家长/监护人' }).click()
    // The child's number left empty asks for either kind (a 学籍号 is taken too), not for an ID number.
    await page.getByRole('button', { name: '核对并绑定' }).click()
    await messageAt(page, 'childIdNumber').getByText('请输入孩子的身份证件号或学籍号').waitFor()
    await page.locator('[name="guardianName"]').fill('王秀兰')
    const wrong = wrongCheckDigit(primary.record.idNumber!)
    await page.locator('[name="childIdNumber"]').fill(wrong)
    await page.getByRole('button', { name: '核对并绑定' }).click()

    // Three problems, each under its own field, at the same time; the name given has none.
    await messageAt(page, 'childName').getByText('请输入姓名').waitFor()
    await messageAt(page, 'childIdNumber').getByText('校验位不正确，请核对最后一位').waitFor()
    expect(await messageAt(page, 'guardianIdNumber').textContent()).not.toBe('')
    expect(await shownMessages(page)).toHaveLength(3)
    expect(await messageAt(page, 'guardianName').count()).toBe(0)
    // A form the schema refuses is not sent: it would not spend one of the limited tries at matching.
    expect(posted).toEqual([])
    await shot(page, 'form-errors-01-bind', true)

    await page.locator('[name="childName"]').fill('李子')
    await messageAt(page, 'childName').waitFor({ state: 'detached' })
    expect(await shownMessages(page)).toHaveLength(2)
    // Still wrong after a change: the message stays until the number is right.
    await page.locator('[name="childIdNumber"]').fill(wrong.slice(0, 17))
    expect(await messageAt(page, 'childIdNumber').count()).toBe(1)
    await page.locator('[name="childIdNumber"]').fill(primary.record.idNumber!)
    await messageAt(page, 'childIdNumber').waitFor({ state: 'detached' })
    expect(await shownMessages(page)).toHaveLength(1)
    expect(await page.locator('[name="guardianName"]').inputValue()).toBe('王秀兰')
    expect(await page.locator('[name="childName"]').inputValue()).toBe('李子')
  })

  it('in English, the student\'s own bind form words each problem in English at its field', async () => {
    const { page } = await session.newPage()
    await page.goto('/login')
    await readIn(page, 'en', '0')
    expect(await signInByCode(page.request, '13512345722')).toBe(200)
    await page.goto('/bind')
    await page.locator('[name="registryNo"]').fill('G-12')
    await page.getByRole('button', { name: 'Check and link' }).click()
    await messageAt(page, 'name').getByText('Please enter the name').waitFor()
    await messageAt(page, 'idNumber').getByText('Please enter the ID number').waitFor()
    await messageAt(page, 'registryNo').getByText('The registry number is not in the right form').waitFor()
    await shot(page, 'form-errors-01b-bind-en')
    await page.locator('[name="registryNo"]').fill('')
    await messageAt(page, 'registryNo').waitFor({ state: 'detached' })
    expect(await shownMessages(page)).toEqual(['Please enter the name', 'Please enter the ID number'])
  })

  it('the 学历证明书 form names all five missing parts at once and clears each only when it is right', async () => {
    const { page } = await session.newPage()
    await page.goto('/login')
    expect(await signInByCode(page.request, '13512345721')).toBe(200)
    const bound = await page.request.post('/api/bindings', { data: { relation: 'self', name: college.record.name, idNumber: college.record.idNumber } })
    expect(bound.status(), await bound.text()).toBe(200)
    await page.goto(`/records/${(await bound.json()).recordId}/certificate/new`)
    await page.getByRole('button', { name: '提交申请' }).click()

    const loss = page.getByRole('group', { name: '毕业证书是遗失还是损毁？' })
    await loss.getByRole('alert').filter({ hasText: '请选择毕业证书是遗失还是损毁' }).waitFor()
    await messageAt(page, 'occurredOn').getByText('请填写遗失或损毁的时间').waitFor()
    await messageAt(page, 'circumstances').getByText(/请填写遗失或损毁的经过/).waitFor()
    await messageAt(page, 'signedName').getByText('请输入您的姓名作为签名').waitFor()
    await page.getByRole('alert').filter({ hasText: '请阅读声明并勾选' }).waitFor()
    await shot(page, 'form-errors-02-certificate', true)

    // Too short is still wrong: the message stays while it is.
    await page.locator('[name="circumstances"]').fill('丢了')
    await expect.poll(() => messageAt(page, 'circumstances').count()).toBe(1)
    await page.locator('[name="circumstances"]').fill('搬家时装证书的文件袋丢失，找遍了也没有找到。')
    await messageAt(page, 'circumstances').waitFor({ state: 'detached' })
    await page.getByRole('radio', { name: /遗失/ }).click()
    await loss.getByRole('alert').waitFor({ state: 'detached' })
    await page.getByRole('checkbox', { name: /本人承诺/ }).click()
    await page.getByRole('alert').filter({ hasText: '请阅读声明并勾选' }).waitFor({ state: 'detached' })
    await page.locator('[name="signedName"]').fill(college.record.name)
    await messageAt(page, 'signedName').waitFor({ state: 'detached' })
    // The month was never picked: its message is the one left, and nothing written has gone.
    expect(await shownMessages(page)).toEqual(['请填写遗失或损毁的时间'])
    expect(await page.locator('[name="circumstances"]').inputValue()).toBe('搬家时装证书的文件袋丢失，找遍了也没有找到。')
    expect(await page.locator('[name="signedName"]').inputValue()).toBe(college.record.name)
  })

  it('the record\'s dispute sheet says what is missing at the field and clears it once it is enough', async () => {
    const page = parent
    await page.goto(`/records/${primary.record.id}`)
    await page.getByRole('button', { name: '标记“民族”有误' }).click()
    const sheet = page.getByRole('dialog')
    await sheet.getByRole('button', { name: '提交异议' }).click()
    await messageAt(sheet, 'explanation').getByText('请简要说明哪里不对').waitFor()
    // Said at the field, not again in a toast over the sheet being written in.
    await page.waitForLoadState('networkidle')
    expect(await page.locator('.van-toast:visible').count()).toBe(0)
    await shot(page, 'form-errors-03-dispute')
    await sheet.locator('[name="explanation"]').fill('回')
    expect(await messageAt(sheet, 'explanation').count()).toBe(1)
    await sheet.locator('[name="explanation"]').fill('我是回族')
    await messageAt(sheet, 'explanation').waitFor({ state: 'detached' })
    expect(await sheet.locator('[name="explanation"]').inputValue()).toBe('我是回族')
  })

  it('answering a request for information and objecting to the result say what is missing at the field', async () => {
    const page = parent
    const caseId = await postComplaint(page.request)
    const desk = await officerRequest(session, 'zhongyuan.officer')
    await acceptToRegistrar(desk, caseId, '学生姓名登记错误')
    const registrar = await officerRequest(session, 'primary.registrar')
    expect((await registrar.post(`/api/complaints/${caseId}/info-request`, { data: { question: '请上传户口本的照片' } })).status()).toBe(200)

    await page.goto(`/complaints/${caseId}`)
    await page.getByRole('button', { name: '提交补充材料' }).click()
    await messageAt(page, 'answer').getByText('请填写补充说明').waitFor()
    await shot(page, 'form-errors-04-info-answer')
    await page.locator('[name="answer"]').fill('户')
    expect(await messageAt(page, 'answer').count()).toBe(1)
    await page.locator('[name="answer"]').fill('户口本上的名字是李子晗')
    await messageAt(page, 'answer').waitFor({ state: 'detached' })
    await page.getByRole('button', { name: '提交补充材料' }).click()
    await page.getByText('您已补充材料，恢复计时').waitFor()

    expect((await registrar.post(`/api/complaints/${caseId}/report`, { data: { findings: '经核实，学生姓名登记错误，已在全国学籍系统中更正。' } })).status()).toBe(200)
    expect((await desk.post(`/api/complaints/${caseId}/close`, { data: {} })).status()).toBe(200)
    await page.reload()
    await page.getByRole('button', { name: '我对结果有异议' }).click()
    await page.getByRole('button', { name: '提交异议' }).click()
    await messageAt(page, 'reason').getByText('请填写理由').waitFor()
    await shot(page, 'form-errors-05-objection')
    await page.locator('[name="reason"]').fill('错')
    expect(await messageAt(page, 'reason').count()).toBe(1)
    await page.locator('[name="reason"]').fill('学籍上的名字仍然是错的')
    await messageAt(page, 'reason').waitFor({ state: 'detached' })
    expect(await page.locator('[name="reason"]').inputValue()).toBe('学籍上的名字仍然是错的')
  })
})
