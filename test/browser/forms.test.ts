import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { featuredStudents } from '../../server/demo/generate.ts'
import { maskRegistryNo } from '../../shared/idNumber.ts'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'

const primary = featuredStudents().find(f => f.key === 'primary')!
const mother = primary.guardians.find(g => g.isGuardian)!
const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`

describe.skipIf(!browserAvailable)('forms say everything at once, at the field, and forget what was put right', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  let page: Page
  beforeAll(async () => {
    session = await startBrowserSession()
    page = (await session.newPage()).page
    await page.goto('/login')
    await page.getByLabel('手机号').fill(mother.phone!)
    await page.getByRole('button', { name: '获取验证码' }).click()
    await page.getByRole('button', { name: /秒后重发/ }).waitFor()
    const sms = await (await page.request.post('/api/dev/sms-outbox', { data: { phone: mother.phone } })).json()
    await page.getByLabel('验证码').fill(sms.messages[0].code)
    await page.getByRole('button', { name: '登录' }).click()
    await page.waitForURL(/\/bind/)
    const bound = await page.request.post('/api/bindings', {
      data: { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber, childName: primary.record.name, childIdNumber: primary.record.idNumber },
    })
    expect(bound.status()).toBe(200)
  })
  afterAll(async () => { await session?.close() })

  const step = () => page.locator('main section:visible')
  const next = () => page.getByRole('button', { name: '下一步' }).click()

  it('the complaint form checks each step with the shared schema before 下一步', async () => {
    await page.goto('/complaints/new')
    await expect.poll(() => step().getByLabel('姓名').inputValue()).toBe(mother.name)
    // The mother's own ID number is on her child's record: shown masked, nothing to type.
    await expect.poll(() => step().getByLabel('身份证号').inputValue()).toBe(masked(mother.idNumber!))
    await step().getByLabel('姓名').fill('')
    await step().getByLabel('联系电话').fill('1390371')
    await next()
    // Both problems of step 1 at once, each at its field.
    await step().getByText('请填写姓名').waitFor()
    await step().getByText('请输入 11 位中国大陆手机号').waitFor()
    await shot(page, 'forms-01-complainant-errors')
    await step().getByLabel('姓名').fill(mother.name)
    await step().getByText('请填写姓名').waitFor({ state: 'hidden' })
    expect(await step().getByText('请输入 11 位中国大陆手机号').count()).toBe(1)
    await step().getByLabel('联系电话').fill(mother.phone!)
    await step().getByText('请输入 11 位中国大陆手机号').waitFor({ state: 'hidden' })
    await next()

    // Step 2 by hand, without ID number or 学籍号: refused here, not at the final submit.
    await page.getByRole('heading', { name: /第 2 步/ }).waitFor()
    // One bound child: the step opens with her chosen and her details filled (the walk-through found it empty).
    await expect.poll(() => step().getByRole('radio', { name: new RegExp(primary.record.name) }).getAttribute('aria-checked')).toBe('true')
    await expect.poll(() => step().getByLabel('姓名').inputValue()).toBe(primary.record.name)
    await step().getByRole('radio', { name: /不是上面的孩子/ }).click()
    await step().getByLabel('姓名').fill('张小明')
    await step().getByRole('radio', { name: '男' }).click()
    await step().getByLabel('民族').fill('汉族')
    // A typed ID number with a wrong check character is named at the field.
    const wrong = `${primary.record.idNumber!.slice(0, 17)}${primary.record.idNumber!.endsWith('1') ? '2' : '1'}`
    await step().getByLabel('身份证号').fill(wrong)
    await next()
    await step().getByText('校验位不正确，请核对最后一位').waitFor()
    await step().getByLabel('身份证号').fill('')
    await next()
    await step().getByText('请填写学生身份证号；孩子还没有身份证号的，请填学籍号').waitFor()
    expect(await page.getByRole('heading', { name: /第 2 步/ }).count()).toBe(1)
    await shot(page, 'forms-02-student-id-missing')

    // The bound child: the ID number is on the record, shown masked, and the step passes.
    await step().getByRole('radio', { name: new RegExp(primary.record.name) }).click()
    await expect.poll(() => step().getByLabel('身份证号').inputValue()).toBe(masked(primary.record.idNumber!))
    // Her 学籍号 too, masked the same way (it was left blank, 选填, as if unknown).
    expect(await step().getByLabel('学籍号').inputValue()).toBe(maskRegistryNo(primary.record.registryNo))
    await step().getByText('请填写学生身份证号；孩子还没有身份证号的，请填学籍号').waitFor({ state: 'hidden' })
    await shot(page, 'forms-03-student-bound')
    await next()
    await page.getByRole('heading', { name: /第 3 步/ }).waitFor()
  })

  it('the correction form shows each problem at its field and clears it when fixed', async () => {
    await page.goto('/')
    await page.getByText(primary.record.name).first().click()
    await page.waitForURL(/\/records\//)
    const recordUrl = page.url()
    // Opened for one field and left with nothing written: no draft comes back when opened for another.
    await page.goto(`${recordUrl}/corrections/new?field=student.name`)
    await page.getByText('选择要更正的信息（已选 1 项）').waitFor()
    await page.goto(`${recordUrl}/corrections/new?field=student.formerName`)
    await page.getByText('选择要更正的信息（已选 1 项）').waitFor()
    expect(await page.getByText('已恢复您上次没写完的内容').count()).toBe(0)
    // The rule's basis is named for a parent: the document, not "design (003:13 …)".
    const guide = page.locator('.guide')
    await guide.getByText(/依据：/).first().waitFor()
    expect(await guide.textContent()).not.toMatch(/\b\d{3}:\d|design/)
    expect(await guide.textContent()).toMatch(/依据：[^\n\r\u2028\u2029\u300A]*\u300A.+》/)
    await page.getByRole('button', { name: '提交更正申请' }).click()
    const valueField = page.locator('.van-field', { has: page.getByLabel('应更正为') })
    const reasonField = page.locator('.van-field', { has: page.getByLabel('更正原因') })
    await valueField.getByText('请填写正确的内容').waitFor()
    await reasonField.locator('.van-field__error-message').waitFor()
    await shot(page, 'forms-04-correction-errors', true)
    await page.getByLabel('应更正为').fill('李小涵')
    await valueField.getByText('请填写正确的内容').waitFor({ state: 'hidden' })
    expect(await reasonField.locator('.van-field__error-message').count()).toBe(1)
    await page.getByLabel('更正原因').fill('入学时漏登了曾用名')
    await reasonField.locator('.van-field__error-message').waitFor({ state: 'hidden' })
  })

  it('a long address asked for wraps, so it is read whole before sending', async () => {
    await page.goto('/')
    await page.getByText(primary.record.name).first().click()
    await page.waitForURL(/\/records\/[^/]+$/)
    await page.goto(`${page.url()}/corrections/new?field=student.currentAddress`)
    const address = '河南省郑州市金水区花园路街道农业路东段 28 号院 3 号楼 2 单元 1102 室'
    const field = page.locator('[name="student.currentAddress"]')
    await field.fill(address)
    await field.press('Enter') // no line break: an address is one line of text to the registry
    expect(await field.inputValue()).toBe(address)
    await field.fill('河南省郑州市\n金水区') // pasted, or sent as text by a phone keyboard
    expect(await field.inputValue()).toBe('河南省郑州市 金水区')
    await field.fill(address)
    // Every character in view: the box grew to its text rather than scrolling it sideways.
    expect(await field.evaluate((e: any) => e.tagName === 'TEXTAREA' && e.scrollHeight <= e.clientHeight + 1 && e.clientHeight > 40)).toBe(true)
    await shot(page, 'forms-05-correction-long-address')
  })
})
