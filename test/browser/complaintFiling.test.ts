import type { APIRequestContext, Page } from 'playwright-core'
import { Buffer } from 'node:buffer'
import { mkdirSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { featuredStudents } from '../../server/demo/generate.ts'
import { maskRegistryNo } from '../../shared/idNumber.ts'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'
import { acceptToRegistrar, officerRequest, signInOfficer } from './kit.ts'

const primary = featuredStudents().find(f => f.key === 'primary')!
const mother = primary.guardians.find(g => g.isGuardian)!
// A marker hidden in the photo's EXIF block: it must not reach the server (the canvas re-encode strips it).
const SECRET = 'XJT-GPS-31.2304N-121.4737E'

async function codeFor(page: Page, phone: string) {
  const res = await page.request.post('/api/dev/sms-outbox', { data: { phone } })
  return (await res.json()).messages[0].code as string
}

/** A 2400×1800 camera-like JPEG made in the browser, with an APP1 (EXIF) segment spliced in after SOI. */
async function cameraPhoto(page: Page) {
  const base64 = await page.evaluate(() => {
    const c = (globalThis as any).document.createElement('canvas')
    c.width = 2400
    c.height = 1800
    const g = c.getContext('2d')!
    const grad = g.createLinearGradient(0, 0, 2400, 1800)
    grad.addColorStop(0, '#f2e8cf')
    grad.addColorStop(1, '#6a994e')
    g.fillStyle = grad
    g.fillRect(0, 0, 2400, 1800)
    g.fillStyle = '#1f2329'
    g.font = '160px sans-serif'
    g.fillText('入学通知书', 600, 900)
    return (c.toDataURL('image/jpeg', 0.9) as string).split(',')[1]!
  })
  const jpeg = Buffer.from(base64, 'base64')
  const payload = Buffer.concat([Buffer.from('Exif\0\0MM\0*\0\0\0\x08\0\0', 'binary'), Buffer.from(SECRET)])
  const app1 = Buffer.concat([Buffer.from([0xFF, 0xE1, (payload.length + 2) >> 8, (payload.length + 2) & 0xFF]), payload])
  mkdirSync('test/output', { recursive: true })
  const path = 'test/output/c-photo.jpg'
  writeFileSync(path, Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]))
  return path
}

/** Width and height from a JPEG's SOF0/SOF2 segment. */
function jpegSize(b: Buffer) {
  for (let i = 2; i < b.length;) {
    const marker = b[i + 1]!
    if (marker === 0xC0 || marker === 0xC2)
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) }
    i += 2 + b.readUInt16BE(i + 2)
  }
  return null
}

/** Posts as an officer and expects 200, saying what the server answered otherwise. */
async function postAsOfficer(request: APIRequestContext, path: string, data: object) {
  const res = await request.post(path, { data })
  expect(res.status(), await res.text()).toBe(200)
}

describe.skipIf(!browserAvailable)('a parent files a complaint on a phone', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  let page: Page
  let caseId = ''
  beforeAll(async () => {
    session = await startBrowserSession()
    page = (await session.newPage()).page
  })
  afterAll(async () => { await session?.close() })

  const step = () => page.locator('main section:visible')
  /** A screenshot once the toasts have gone, so they hide nothing. */
  const snap = async (name: string, full = false) => {
    await page.locator('.van-toast').last().waitFor({ state: 'hidden' }).catch(() => null)
    await shot(page, name, full)
  }
  const next = () => page.getByRole('button', { name: '下一步' }).click()

  it('with a photo, a reload mid-form and a second tap on submit, which creates one complaint', async () => {
    await page.goto('/login')
    await page.getByLabel('手机号').fill(mother.phone!)
    await page.getByRole('button', { name: '获取验证码' }).click()
    await expect.poll(() => page.getByRole('button', { name: /秒后重发/ }).count()).toBe(1)
    await page.getByLabel('验证码').fill(await codeFor(page, mother.phone!))
    await page.getByRole('button', { name: '登录' }).click()
    await page.waitForURL(/\/bind/)
    const bound = await page.request.post('/api/bindings', {
      data: { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber, childName: primary.record.name, childIdNumber: primary.record.idNumber },
    })
    expect(bound.status()).toBe(200)

    await page.goto('/complaints')
    await page.getByText('您还没有提交过投诉').waitFor()
    await snap('c-01-list-empty')
    await page.getByRole('button', { name: '我要投诉' }).click()
    await page.waitForURL(/\/complaints\/new/)

    // Step 1: the phone and, from the child's record, the mother's own name and (masked) ID number are filled in already.
    await expect.poll(() => step().getByLabel('姓名').inputValue()).toBe(mother.name)
    expect(await step().getByLabel('联系电话').inputValue()).toBe(mother.phone)
    await expect.poll(() => step().getByLabel('身份证号').inputValue()).toBe(`${mother.idNumber!.slice(0, 6)}********${mother.idNumber!.slice(-4)}`)
    expect(await step().getByRole('radio', { name: '女' }).getAttribute('aria-checked')).toBe('true')
    await snap('c-03-complainant')
    await next()

    // Step 2: one tap on the bound child; the ID number is on the record, shown masked, nothing to type.
    await step().getByRole('radio', { name: new RegExp(primary.record.name) }).click()
    await expect.poll(() => step().getByLabel('姓名').inputValue()).toBe(primary.record.name)
    await expect.poll(() => step().getByLabel('身份证号').inputValue()).toBe(`${primary.record.idNumber!.slice(0, 6)}********${primary.record.idNumber!.slice(-4)}`)
    await snap('c-04-student')
    await next()

    // Step 3: the child's school is found and chosen from the record.
    await step().getByText(/已选：/).waitFor()
    await snap('c-05-school')
    await next()

    // 下一步 with no problem type chosen: the page brings the error (above the list) into view.
    await page.mouse.wheel(0, 5000)
    await next()
    const error = step().getByRole('alert').filter({ hasText: '请选择问题类型' })
    await expect.poll(async () => (await error.boundingBox())?.y ?? -1).toBeGreaterThan(0)
    expect((await error.boundingBox())!.y).toBeLessThan(844)
    await step().getByRole('radio', { name: /学籍信息虚假或不准确/ }).click()
    await snap('c-06-category')
    await next()

    await step().getByLabel('事情经过').fill('孩子的出生日期在学籍上登记错了，学校说改不了，已经反映两个月没有结果。')
    // A file that only claims to be a PDF is refused by the server and the refusal shows on that file.
    await step().getByLabel('从相册或文件中选择').setInputFiles({ name: '通知.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf') })
    await step().getByText('通知.pdf：只能上传照片（JPG、PNG、WebP）或 PDF 文件').waitFor()
    await snap('c-07-upload-refused')
    await step().getByRole('button', { name: '删除' }).click()
    await step().getByLabel('从相册或文件中选择').setInputFiles(await cameraPhoto(page))
    await step().getByText(/已上传 ·/).waitFor()
    await snap('c-07-story')

    // A reload (closed tab, dead battery) loses nothing: words, step and the uploaded photo.
    await page.reload()
    await page.getByRole('heading', { name: /第 5 步/ }).waitFor()
    expect(await step().getByLabel('事情经过').inputValue()).toContain('出生日期')
    await step().getByRole('img', { name: '第 1 张照片' }).waitFor()
    await snap('c-08-restored')
    await page.getByRole('button', { name: '返回' }).click()
    await page.getByRole('button', { name: '继续填写未提交的投诉' }).waitFor()
    await snap('c-08-list-with-draft')
    await page.getByRole('button', { name: '继续填写未提交的投诉' }).click()
    await page.getByRole('heading', { name: /第 5 步/ }).waitFor()
    await next()
    await page.getByText(`身份证号：${primary.record.idNumber!.slice(0, 6)}********${primary.record.idNumber!.slice(-4)}`, { exact: true }).waitFor()
    await page.getByText(`学籍号：${maskRegistryNo(primary.record.registryNo)}`, { exact: true }).waitFor()
    expect(await page.content()).not.toContain(primary.record.idNumber!)
    await snap('c-09-review', true)

    // First the server names a field (it jumps to that step, nothing lost), then its answer is lost
    // on the way back although it filed the complaint; a double tap and a retry follow.
    const requestIds: string[] = []
    const answers = ['refuse', 'drop', 'pass']
    await page.route('**/api/complaints', async (route) => {
      if (route.request().method() !== 'POST')
        return route.continue()
      requestIds.push(JSON.parse(route.request().postData()!).requestId)
      const answer = answers.shift()
      if (answer === 'refuse') {
        const issues = [{ path: 'student.ethnicity', code: 'too_big', message: '民族请按户口本填写' }]
        return route.fulfill({ status: 400, json: { code: 'VALIDATION_FAILED', message: issues[0]!.message, issues } })
      }
      if (answer === 'pass')
        return route.continue()
      await route.fetch()
      return route.abort('timedout')
    })
    await page.getByRole('button', { name: '提交投诉' }).click()
    await page.getByRole('heading', { name: /第 2 步/ }).waitFor()
    await step().getByText('民族请按户口本填写').waitFor()
    expect(await step().getByLabel('民族').inputValue()).toBe(primary.record.ethnicity)
    await snap('c-10-server-refused')
    for (let i = 0; i < 4; i++)
      await next()
    await page.getByRole('heading', { name: /第 6 步/ }).waitFor()
    // The lost answer leaves the complaint in the outbox, which tries again at once (the list
    // opens) and gets back the one the server had filed.
    await page.getByRole('button', { name: '提交投诉' }).dblclick()
    await page.waitForURL(/\/complaints$/)
    await page.getByText(/已发出，编号 /).waitFor()
    await snap('c-11-submit-lost')
    await page.getByRole('link', { name: '查看' }).click()
    await page.waitForURL(/\/complaints\/[0-9a-f-]{36}$/)
    caseId = page.url().split('/').pop()!
    expect(requestIds).toHaveLength(3)
    expect(new Set(requestIds).size).toBe(1)
    const mine = await (await page.request.get('/api/complaints')).json()
    expect(mine.complaints.map((c: { id: string }) => c.id)).toEqual([caseId])

    await page.getByText('已提交，待受理').waitFor()
    await page.getByText(/^预计最迟 \d{4}-\d{2}-\d{2} 受理$/).waitFor() // the intake clock (issue 10 item 13)
    await page.getByRole('link', { name: '打开第 1 个材料' }).locator('img').evaluate((img: any) => img.decode())
    await snap('c-12-case', true)

    // The photo arrived shrunk to 1600 px and without its EXIF block.
    const view = await (await page.request.get(`/api/complaints/${caseId}`)).json()
    const stored = await (await page.request.get(`/api/attachments/${view.attachments[0].id}`)).body()
    expect(jpegSize(stored)).toEqual({ width: 1600, height: 1200 })
    expect(stored.includes(SECRET)).toBe(false)
    expect(await page.evaluate(() => Object.keys((globalThis as any).localStorage).filter(k => k.startsWith('xjt.complaintDraft')))).toEqual([])

    await page.goto('/complaints')
    await page.getByText(`${primary.record.name} · 学籍信息虚假或不准确`).waitFor()
    await snap('c-13-list')
    await page.unroute('**/api/complaints')
  })

  it('follows the case: accepted with a deadline, asked for information, closed, rated and objected to', async () => {
    expect(caseId).not.toBe('')
    const desk = await officerRequest(session, 'zhongyuan.officer')
    await acceptToRegistrar(desk, caseId, '学生出生日期登记错误，学校未予更正')
    // The officer's case page leads to the child's record as registered (the child was chosen from the binding).
    // The mother has also asked for a correction of the child's record: it shows beside the case.
    const upload = await page.request.post('/api/uploads', { multipart: { file: { name: 'proof.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]) } } })
    const correction = await page.request.post('/api/corrections', { data: { requestId: crypto.randomUUID(), recordId: primary.record.id, items: [{ field: 'student.currentAddress', requestedValue: '河南省郑州市中原区建设西路 8 号' }], reason: '搬家后住址变了', attachmentIds: [(await upload.json()).id] } })
    expect(correction.status()).toBe(201)
    const { page: deskPage } = await session.newPage()
    await signInOfficer(deskPage, 'zhongyuan.officer')
    // Beside it, one already decided: history, not in hand, so not listed.
    const corrections = '**/api/records/*/corrections'
    await deskPage.route(corrections, async (route) => {
      const answer = await (await route.fetch()).json()
      const [inHand] = answer.corrections
      const decided = { ...inHand, id: crypto.randomUUID(), status: 'rejected', awaitingEntry: false, items: [{ ...inHand.items[0], field: 'student.householdAddress' }] }
      await route.fulfill({ json: { corrections: [...answer.corrections, decided] } })
    })
    await deskPage.goto(`/officer/cases/${caseId}`)
    await deskPage.getByRole('link', { name: '核对学生学籍' }).waitFor()
    await deskPage.getByText('该学生在办的更正申请').waitFor()
    await deskPage.locator('.van-cell', { hasText: '现居住详细地址' }).getByText(/^办理中 · /).waitFor()
    expect(await deskPage.locator('.van-cell', { hasText: '户口所在地具体地址' }).count()).toBe(0)
    await deskPage.unroute(corrections)
    await deskPage.getByText('该学生在办的更正申请').scrollIntoViewIfNeeded()
    await shot(deskPage, 'c-14c-officer-case-corrections-in-hand')
    await deskPage.locator('.van-cell', { hasText: '现居住详细地址' }).click()
    await deskPage.waitForURL(/\/officer\/corrections\/[0-9a-f-]{36}$/)
    await deskPage.getByText('河南省郑州市中原区建设西路 8 号').first().waitFor()
    await deskPage.goto(`/officer/cases/${caseId}`)
    await shot(deskPage, 'c-14b-officer-case-record-link', true)
    await deskPage.getByRole('link', { name: '核对学生学籍' }).click()
    await deskPage.waitForURL(/\/officer\/records\//)
    await deskPage.getByText(primary.record.name).first().waitFor()

    // The home screen says something new came, before 消息 is opened (it said nothing).
    await page.goto('/')
    await page.locator('.van-cell', { hasText: '消息' }).getByText(/\d+ 条未读/).waitFor()
    await snap('c-14a-home-unread')
    await page.goto('/inbox')
    await page.getByText('您的投诉已受理').waitFor()
    await snap('c-14-inbox')
    await page.getByText('您的投诉已受理').click()
    await page.waitForURL(new RegExp(`/complaints/${caseId}$`))
    await page.getByText(/剩余 \d+ 个工作日/).waitFor()
    await page.getByText(/核查单 \d{6}-\d{4}-HC\d{4}/).first().waitFor()
    await snap('c-15-case-accepted', true)

    const registrar = await officerRequest(session, 'primary.registrar')
    await postAsOfficer(registrar, `/api/complaints/${caseId}/info-request`, { question: '请上传出生医学证明的照片' })
    await page.reload()
    await page.getByText('请上传出生医学证明的照片').first().waitFor()
    await page.getByText(/已暂停计时/).waitFor()
    await snap('c-16-info-request', true)
    await page.getByLabel('补充说明').fill('出生医学证明上的日期是 3 月 14 日，照片已上传。')
    await page.getByLabel('从相册或文件中选择').setInputFiles('test/output/c-photo.jpg')
    await page.getByText(/已上传 ·/).waitFor()
    await page.getByRole('button', { name: '提交补充材料' }).click()
    await page.getByText('您已补充材料，恢复计时').waitFor()

    // The school reports; the parent still reads 办理中 until the county (处理责任单位) closes (issue 10 item 12).
    await postAsOfficer(registrar, `/api/complaints/${caseId}/report`, { findings: '经核实，出生日期登记错误，已按出生医学证明在全国学籍系统中更正。' })
    await page.reload()
    await page.getByText('办理中').first().waitFor()
    expect(await page.getByRole('heading', { name: '经核实的情况' }).count()).toBe(0)
    await postAsOfficer(desk, `/api/complaints/${caseId}/close`, {})
    await page.reload()
    await page.getByRole('heading', { name: '经核实的情况' }).waitFor()
    await snap('c-17-closed', true)
    await page.getByRole('button', { name: '基本满意' }).click()
    await page.getByText('您的评价：基本满意').waitFor()

    await page.getByRole('button', { name: '我对结果有异议' }).click()
    await page.getByLabel('异议理由').fill('学籍上的出生日期仍然是错的')
    await page.getByRole('button', { name: '提交异议' }).click()
    await page.getByText(/督办单 \d{6}-\d{4}-DB\d{4}/).first().waitFor()
    await snap('c-18-objected', true)

    await page.goto('/inbox')
    await page.getByRole('button', { name: '全部标为已读' }).click()
    await page.getByText('没有未读消息').waitFor()
    await snap('c-19-inbox-read')
  })
})
