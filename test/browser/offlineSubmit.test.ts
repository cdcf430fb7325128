import type { BrowserContext, Page } from 'playwright-core'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { featuredStudents } from '../../server/demo/generate.ts'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'
import { bindDaughter, mother, photo, primary, refuseOnce, seriousViolations, signInByCode } from './kit.ts'

// Issue 13, outbox: a complaint written and submitted with no network, photo included, is kept on
// the phone through reloads and filed exactly once when the network returns.
describe.skipIf(!browserAvailable)('a parent submits a complaint with no network', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  let context: BrowserContext
  let page: Page
  const uncaught: string[] = []
  beforeAll(async () => {
    session = await startBrowserSession()
    ;({ context, page } = await session.newPage(undefined, 'allow'))
    page.on('pageerror', e => uncaught.push(e.message))
  })
  afterAll(async () => { await session?.close() })

  const step = () => page.locator('main section:visible')
  const next = () => page.getByRole('button', { name: '下一步' }).click()
  /**
   * Steps 1 to 4 of the complaint form, as a parent goes through them: her own details are filled in,
   * one tap on the child. `offline`: the network goes once the form has opened.
   */
  async function firstFourSteps(offline = false) {
    await expect.poll(() => step().getByLabel('姓名').inputValue()).toBe(mother.name)
    if (offline)
      await context.setOffline(true)
    await next()
    await step().getByRole('radio', { name: new RegExp(primary.record.name) }).click()
    await expect.poll(() => step().getByLabel('姓名').inputValue()).toBe(primary.record.name)
    await next()
    await step().getByText(/已选：/).waitFor()
    await next()
    await step().getByRole('radio', { name: /学籍信息虚假或不准确/ }).click()
    await next()
  }
  const mine = async () => (await (await page.request.get('/api/complaints')).json()).complaints as { id: string }[]

  it('keeps it, photo and all, through reloads, and files it once when the network is back', async () => {
    await page.goto('/login')
    expect(await signInByCode(page.request, mother.phone!)).toBe(200)
    await bindDaughter(page.request)
    // One online visit, as a person would make before the bus leaves the town.
    await page.goto('/')
    await page.evaluate(async () => { await (globalThis as any).navigator.serviceWorker.ready })
    await page.goto('/complaints/new')
    await firstFourSteps(true)
    await step().getByLabel('事情经过').fill('孩子的民族在学籍上登记错了，户口本上是回族。')
    await step().getByLabel('从相册或文件中选择').setInputFiles(await photo(page))
    await step().getByText('已存在手机上，联网后自动上传').waitFor()
    await shot(page, 'outbox-01-photo-kept')

    // A reload offline: the words and the photo are still there.
    await page.reload()
    await page.getByRole('heading', { name: /第 5 步/ }).waitFor()
    await step().getByText('已存在手机上，联网后自动上传').waitFor()
    expect(await step().getByLabel('事情经过').inputValue()).toContain('回族')
    await next()
    await page.getByText('照片和材料：1 个').waitFor()
    await page.getByRole('button', { name: '提交投诉' }).click()
    await page.waitForURL(/\/complaints$/)
    await page.getByRole('heading', { name: '等待发送' }).waitFor()
    await page.getByText(`关于${primary.record.name}的投诉`).waitFor()
    await page.getByText('1 个附件还在手机上').waitFor()
    await page.getByText('没有网络，暂时看不到已提交的列表；联网后会显示。').waitFor()
    await shot(page, 'outbox-02-waiting')
    expect(await seriousViolations(page)).toEqual([])

    // Another reload offline: still waiting, still once.
    await page.reload()
    await page.getByText('没有网络，已存在手机上，联网后自动发出').waitFor()
    expect(await page.getByText(`关于${primary.record.name}的投诉`).count()).toBe(1)

    await context.setOffline(false)
    await page.getByText(/已发出，编号 /).waitFor({ timeout: 20_000 })
    await page.getByRole('heading', { name: '等待发送' }).waitFor({ state: 'hidden' })
    await page.getByText(/学籍信息虚假或不准确/).first().waitFor()
    await shot(page, 'outbox-03-filed')
    expect(await seriousViolations(page)).toEqual([])

    const filed = await mine()
    expect(filed).toHaveLength(1)
    const view = await (await page.request.get(`/api/complaints/${filed[0]!.id}`)).json()
    expect(view.attachments).toHaveLength(1)
    expect(view.description).toContain('回族')

    // Nothing is left to send twice: a reload and a return to the front send nothing more.
    await page.reload()
    await page.getByText(/学籍信息虚假或不准确/).first().waitFor()
    expect(await page.getByRole('heading', { name: '等待发送' }).count()).toBe(0)
    expect(await mine()).toHaveLength(1)
    expect(await page.evaluate(() => Object.keys((globalThis as any).localStorage).filter(k => k.startsWith('xjt.outbox') || k.startsWith('xjt.complaintDraft')))).toEqual([])
    expect(uncaught).toEqual([])
  })

  it('a complaint the server refuses when it arrives is kept, and reopens in the form to be put right', async () => {
    const filedBefore = (await mine()).length
    await page.goto('/complaints/new')
    await firstFourSteps()
    await step().getByLabel('事情经过').fill('孩子的出生日期在学籍上登记错了。')
    await context.setOffline(true)
    await step().getByLabel('从相册或文件中选择').setInputFiles(await photo(page))
    await step().getByText('已存在手机上，联网后自动上传').waitFor()
    await next()
    await page.getByRole('button', { name: '提交投诉' }).click()
    await page.getByRole('heading', { name: '等待发送' }).waitFor()

    // Back online, the server refuses it (as it would a field its rules changed meanwhile).
    await refuseOnce(page, '**/api/complaints', 'student.ethnicity', '民族请按户口本填写')
    await context.setOffline(false)
    await page.getByText('未能发出：民族请按户口本填写').waitFor()
    await shot(page, 'outbox-04-refused')
    expect(await seriousViolations(page)).toEqual([])

    // 打开修改: the form, with the words and the photo (already sent to the server) as they were.
    await page.getByRole('button', { name: '打开修改' }).click()
    await page.getByRole('heading', { name: /第 6 步/ }).waitFor()
    await page.getByText('照片和材料：1 个').waitFor()
    await page.getByText('孩子的出生日期在学籍上登记错了。').waitFor()
    await page.getByRole('button', { name: '提交投诉' }).click()
    await page.waitForURL(/\/complaints\/[0-9a-f-]{36}$/)
    const filed = await mine()
    expect(filed).toHaveLength(filedBefore + 1)
    const view = await (await page.request.get(`/api/complaints/${page.url().split('/').pop()}`)).json()
    expect(view.attachments).toHaveLength(1)
    expect(uncaught).toEqual([])
  })

  it('a correction submitted with no network, a proof with it, is filed once when the network is back', async () => {
    const mineCorrections = async () => (await (await page.request.get('/api/my-requests')).json()).corrections as { id: string }[]
    const before = (await mineCorrections()).length
    await page.goto(`/records/${primary.record.id}/corrections/new?field=student.name`)
    await page.getByLabel('应更正为').waitFor()
    await context.setOffline(true)
    await page.getByLabel('应更正为').fill('李子晗')
    await page.getByLabel('更正原因').fill('入学登记时把“晗”录成了“涵”')
    await page.locator('input[type=file]').last().setInputFiles(await photo(page))
    await page.getByText('已存在手机上，联网后自动上传').waitFor()
    await page.getByRole('button', { name: '提交更正申请' }).click()
    await page.waitForURL(/\/requests$/)
    await page.getByText(`${primary.record.name}的学籍更正申请`).waitFor()
    await shot(page, 'outbox-05-correction-waiting')

    await context.setOffline(false)
    await page.getByRole('link', { name: '查看' }).click()
    await page.waitForURL(/\/corrections\/[0-9a-f-]{36}$/)
    const filed = await mineCorrections()
    expect(filed).toHaveLength(before + 1)
    const view = await (await page.request.get(`/api/corrections/${page.url().split('/').pop()}`)).json()
    expect(view.attachments).toHaveLength(1)
    expect(uncaught).toEqual([])
  })

  it('what waits is never sent under the next person signed in on the phone, and goes when its owner returns', async () => {
    const before = (await mine()).length
    // The mother's complaint cannot get through (the network drops every try) …
    await page.route('**/api/complaints', route => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()))
    await page.goto('/complaints/new')
    await firstFourSteps()
    await step().getByLabel('事情经过').fill('学校两个月没有答复。')
    await next()
    await page.getByRole('button', { name: '提交投诉' }).click()
    await page.getByRole('heading', { name: '等待发送' }).waitFor()

    // … she signs out, keeping it on the phone, and someone else signs in on it, with a working network.
    await page.goto('/')
    await page.getByRole('button', { name: '退出登录' }).click()
    await page.getByText('还有 1 份没有发出').waitFor()
    await shot(page, 'outbox-11-sign-out-keep')
    await page.getByRole('button', { name: '保留' }).click()
    await page.waitForURL(/\/login/)
    await page.unroute('**/api/complaints')
    // On the same page, no reload: what the app holds in memory is what is tested.
    const other = '13812340099'
    await page.getByLabel('手机号').fill(other)
    await page.getByRole('button', { name: '获取验证码' }).click()
    await expect.poll(() => page.getByRole('button', { name: /秒后重发/ }).count()).toBe(1)
    const sms = await (await page.request.post('/api/dev/sms-outbox', { data: { phone: other } })).json()
    await page.getByLabel('验证码').fill(sms.messages[0].code)
    await page.getByRole('button', { name: '登录' }).click()
    await page.waitForURL(/\/bind/)
    await page.evaluate(() => (globalThis as any).dispatchEvent(new Event('online')))
    await page.waitForTimeout(1500)
    expect(await mine()).toEqual([])
    await page.goto('/')
    expect(await page.getByRole('heading', { name: '等待发送' }).count()).toBe(0)

    // Back as herself (a few minutes later, as far as the sign-in code's resend wait goes), it goes.
    await session.database.db.execute(sql`update sms_codes set created_at = created_at - interval '5 minutes'`)
    await page.getByRole('button', { name: '退出登录' }).click()
    await page.waitForURL(/\/login/)
    expect(await signInByCode(page.request, mother.phone!)).toBe(200)
    await page.goto('/complaints')
    await page.getByText(/已发出，编号 /).waitFor()
    expect(await mine()).toHaveLength(before + 1)
  })

  it('a 学历证明书 request submitted with no network is filed once when the network is back', async () => {
    const college = featuredStudents().find(f => f.key === 'college')!
    await page.goto('/')
    await page.getByRole('button', { name: '退出登录' }).click()
    await page.waitForURL(/\/login/)
    expect(await signInByCode(page.request, '13512345701')).toBe(200)
    const bound = await page.request.post('/api/bindings', { data: { relation: 'self', name: college.record.name, idNumber: college.record.idNumber } })
    const recordId = (await bound.json()).recordId as string
    const requests = async () => (await (await page.request.get(`/api/records/${recordId}/certificates`)).json()).requests as unknown[]
    await page.goto(`/records/${recordId}/certificate/new`)
    await page.getByText('毕业证书遗失或损毁的，由本人书面申请').waitFor()

    await context.setOffline(true)
    await page.getByRole('radio', { name: /遗失/ }).click()
    await page.getByLabel('遗失或损毁的时间').click()
    const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-') as [string, string]
    const column = (i: number) => page.locator('.van-picker-column').nth(i)
    await column(0).getByText(year, { exact: true }).click()
    await column(1).getByText(`${Number(month)}月`, { exact: true }).click()
    await page.getByRole('button', { name: '确认' }).click()
    await page.getByLabel('遗失或损毁的经过').fill('搬家时装毕业证书的文件袋遗失，已多方寻找未果。')
    await page.getByRole('checkbox', { name: '本人承诺以上情况属实' }).click()
    await page.getByLabel('签名（输入您的姓名）').fill(college.record.name)
    await page.getByRole('button', { name: '提交申请' }).click()
    await page.waitForURL(/\/requests$/)
    await page.getByText(`${college.record.name}的学历证明书申请`).waitFor()
    await shot(page, 'outbox-06-certificate-waiting')

    await context.setOffline(false)
    await page.getByRole('link', { name: '查看' }).click()
    await page.waitForURL(/\/certificate-requests\/[0-9a-f-]{36}$/)
    expect(await requests()).toHaveLength(1)
    expect(uncaught).toEqual([])
  })
})
