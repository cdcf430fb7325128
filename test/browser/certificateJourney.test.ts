// 学历证明书 from end to end (DOMAIN §3.3; 002:19, 001:4(7), 003:19; docs/certificate-format.md):
// a graduate applies on a phone, two registrars review and issue (双岗), the graduate downloads
// the PDF, and someone without an account checks it from the QR code's address.
import type { Page } from 'playwright-core'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { featuredStudents } from '../../server/demo/generate.ts'
import { fromBase64url, toBase64url } from '../../shared/certificates/base64url.ts'
import { parseVerificationUrl } from '../../shared/certificates/payload.ts'
import { browserAvailable, desktop, phone as phoneScreen, shot, startBrowserSession } from './harness.ts'
import { showRecordLists } from './kit.ts'

const college = featuredStudents().find(f => f.key === 'college')!
const vocational = featuredStudents().find(f => f.key === 'vocational')!
const PASSWORD = 'xjt-demo-2026'
/** Waits until no toast covers the screen, so the screenshot shows the page. */
const settle = (page: Page) => expect.poll(() => page.locator('.van-toast:visible').count(), { timeout: 10_000 }).toBe(0)
const pdftoppmMissing = spawnSync('pdftoppm', ['-v']).error !== undefined
if (pdftoppmMissing && process.env.REQUIRE_BROWSER)
  throw new Error('The certificate PDF must be rendered but pdftoppm is missing (install poppler-utils)')

describe.skipIf(!browserAvailable)('a graduate replaces a lost diploma with a 学历证明书', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  let recordId = ''
  let verificationUrl = ''
  beforeAll(async () => { session = await startBrowserSession() })
  afterAll(async () => { await session?.close() })

  async function officerPage(username: string, options = desktop) {
    const ctx = await session.newPage(options)
    const res = await ctx.page.request.post('/api/auth/officer', { data: { username, password: PASSWORD } })
    expect(res.status(), await res.text()).toBe(200)
    return ctx
  }
  const applications = (page: Page) => page.request.get(`/api/records/${recordId}/certificates`).then(r => r.json())

  it('applies on a phone, is reviewed and issued by two registrars, downloads the PDF, and a stranger verifies it from the QR address', async () => {
    const { page } = await session.newPage()
    const phone = '13512345700'
    await page.request.post('/api/auth/sms/send', { data: { phone } })
    const code = (await (await page.request.post('/api/dev/sms-outbox', { data: { phone } })).json()).messages[0].code
    await page.request.post('/api/auth/sms/verify', { data: { phone, code } })
    const bound = await page.request.post('/api/bindings', { data: { relation: 'self', name: college.record.name, idNumber: college.record.idNumber } })
    expect(bound.status(), await bound.text()).toBe(200)
    recordId = (await bound.json()).recordId

    // The record page offers the certificate to the graduate.
    await page.goto(`/records/${recordId}`)
    await showRecordLists(page)
    await page.getByRole('heading', { name: '学历证明书' }).scrollIntoViewIfNeeded()
    await shot(page, 'z-01-record-section')
    await page.getByRole('button', { name: '申请学历证明书' }).click()
    await page.waitForURL(/certificate\/new$/)
    await page.getByText('毕业证书遗失或损毁的，由本人书面申请').waitFor()
    await shot(page, 'z-02-apply', true)

    // Nothing chosen: the shared schema's words appear on the fields before anything is sent.
    const posted: string[] = []
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/certificate-requests'))
        posted.push(JSON.parse(r.postData() ?? '{}').requestId)
    })
    await page.getByRole('button', { name: '提交申请' }).click()
    await page.getByRole('group', { name: '毕业证书是遗失还是损毁？' }).getByRole('alert').filter({ hasText: '请选择毕业证书是遗失还是损毁' }).waitFor()
    expect(posted).toHaveLength(0)

    await page.getByRole('radio', { name: /遗失/ }).click()
    // The month is the person's statement: the picker opens on 年份 / 月份, and 确认 alone picks nothing (issue 13, item 9).
    await page.getByLabel('遗失或损毁的时间').click()
    await page.getByRole('button', { name: '确认' }).waitFor()
    await shot(page, 'z-02b-apply-month')
    await page.getByRole('button', { name: '确认' }).click()
    await page.getByText('请选择年份和月份').waitFor()
    expect(await page.getByLabel('遗失或损毁的时间').inputValue()).toBe('')
    const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-') as [string, string]
    const column = (i: number) => page.locator('.van-picker-column').nth(i)
    await column(0).getByText(year, { exact: true }).click()
    await column(1).getByText(`${Number(month)}月`, { exact: true }).click()
    await page.getByRole('button', { name: '确认' }).click()
    await expect.poll(() => page.getByLabel('遗失或损毁的时间').inputValue()).toBe(`${year}-${month}`)
    await page.getByLabel('遗失或损毁的经过').fill('今年搬家时，装毕业证书的文件袋遗失，已多方寻找未果。')
    await page.getByRole('checkbox', { name: '本人承诺以上情况属实' }).click()
    await page.getByLabel('签名（输入您的姓名）').fill('张三')
    await page.getByRole('button', { name: '提交申请' }).click()
    // The server's refusal lands on the field, in Chinese, and nothing typed is lost.
    await page.locator('.van-field__error-message', { hasText: '签名须与学籍登记的姓名完全一致' }).waitFor()
    expect(await page.getByLabel('遗失或损毁的经过').inputValue()).toContain('搬家')
    await page.getByLabel('签名（输入您的姓名）').scrollIntoViewIfNeeded()
    await shot(page, 'z-03-apply-name-refused')

    await page.getByLabel('签名（输入您的姓名）').fill(college.record.name)
    // Two taps in a row: the second finds the button busy, and the server would dedupe it anyway.
    const submit = page.getByRole('button', { name: '提交申请' })
    await Promise.all([submit.dispatchEvent('click'), submit.dispatchEvent('click')])
    await page.waitForURL(/\/certificate-requests\/[0-9a-f-]{36}$/)
    await page.getByText('已提交，待学校审核').first().waitFor()
    await page.getByText(/剩余 \d+ 个工作日/).waitFor()
    // One requestId for the whole attempt, kept on every retry; one request on the server.
    expect(new Set(posted).size).toBe(1)
    expect((await applications(page)).requests).toHaveLength(1)
    await settle(page)
    await shot(page, 'z-04-filed', true)
    const requestId = page.url().split('/').pop()!

    // 双岗: the first registrar reviews in the queue and is told a colleague must issue.
    const first = await officerPage('college.registrar')
    await first.page.goto('/officer')
    await first.page.getByText('学历证明书审核').click()
    await first.page.getByText(college.record.name).first().waitFor()
    await shot(first.page, 'z-05-officer-queue')
    await first.page.getByRole('link', { name: new RegExp(college.record.name) }).first().click()
    // What the review confirms is one tap away: the record with the diploma as registered.
    await first.page.getByRole('link', { name: '核对学籍与学历注册信息' }).click()
    await first.page.getByText('证书编号').first().waitFor()
    await first.page.goBack()
    await first.page.getByRole('button', { name: '审核通过' }).click()
    await first.page.getByRole('dialog').getByText('请确认已核对').waitFor() // design: it asks first
    await settle(first.page)
    await shot(first.page, 'z-05b-review-confirm')
    await first.page.getByRole('dialog').getByRole('button', { name: '确认' }).click()
    await first.page.getByText('学校已审核，待出具').first().waitFor()
    await first.page.getByText('须由另一位学籍管理员核对后出具').waitFor()
    expect(await first.page.getByRole('button', { name: '出具学历证明书' }).count()).toBe(0)
    await settle(first.page)
    await shot(first.page, 'z-06-reviewed-same-person', true)
    const same = await first.page.request.post(`/api/certificate-requests/${requestId}/issue`, { data: {} })
    expect(same.status()).toBe(403)
    expect(await same.json()).toMatchObject({ code: 'SAME_PERSON' })
    await first.context.close()

    const second = await officerPage('college.registrar2', phoneScreen) // a registrar on their phone
    await second.page.goto(`/officer/certificates/${requestId}`)
    await second.page.getByRole('button', { name: '出具学历证明书' }).click()
    await second.page.getByRole('dialog').getByText('只能撤销').waitFor()
    await settle(second.page)
    await shot(second.page, 'z-06b-issue-confirm-phone')
    await second.page.getByRole('dialog').getByRole('button', { name: '确认' }).click()
    await second.page.getByRole('heading', { name: '已出具学历证明书' }).waitFor()
    await settle(second.page)
    await shot(second.page, 'z-07-issued-officer', true)
    await second.context.close()

    // The graduate sees it valid and downloads the PDF.
    await page.goto(`/records/${recordId}`)
    await showRecordLists(page)
    const card = page.getByRole('article', { name: /学历证明书 \d{4}-/ })
    await card.getByText('有效').waitFor()
    await card.scrollIntoViewIfNeeded()
    await settle(page)
    await shot(page, 'z-08-record-issued')
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: '下载 PDF' }).click()])
    mkdirSync('test/output', { recursive: true })
    const pdfPath = 'test/output/z-certificate.pdf'
    await download.saveAs(pdfPath)
    const { certificates } = await applications(page)
    expect(certificates).toHaveLength(1)
    const cert = certificates[0]
    expect(download.suggestedFilename()).toBe(`${cert.number}.pdf`)
    if (!pdftoppmMissing)
      execFileSync('pdftoppm', ['-r', '80', '-png', '-singlefile', pdfPath, 'test/screenshots/z-09-certificate-pdf'])
    else
      console.warn('[certificate journey] pdftoppm not found: the PDF was downloaded but not rendered.')

    // A stranger scans the QR code: no account, the check runs at once, the signature verifies offline.
    expect(cert.verificationUrl).toMatch(new RegExp(`/verify/${cert.number}#xjt1\\.`))
    const stranger = await session.newPage()
    await stranger.page.goto(cert.verificationUrl)
    await stranger.page.getByText('有效', { exact: true }).waitFor()
    await stranger.page.getByText('签名有效').waitFor()
    await stranger.page.getByText('与联网核验的结果一致').waitFor()
    expect(await stranger.page.getByText(college.record.idNumber!).count()).toBe(0)
    expect(await stranger.page.getByText(`${college.record.idNumber!.slice(0, 6)}********${college.record.idNumber!.slice(-4)}`).count()).toBe(1)
    await shot(stranger.page, 'z-10-verify-valid', true)
    // The same check on a phone reading in English: the verdict and the signature's, in English.
    await stranger.page.getByRole('button', { name: 'Switch to English' }).click() // on the page itself: no account, no settings
    await stranger.page.getByText('Valid', { exact: true }).waitFor()
    await stranger.page.getByText(/Signature valid/).first().waitFor()
    await stranger.page.getByText(/agrees with the online answer/).waitFor()
    // The diploma's coded words too (本科, 全日制, 毕业, 4年); its number, school and major stay as registered.
    for (const word of ['Bachelor', 'Full-time', 'Graduated', '4 years'])
      await stranger.page.getByText(word, { exact: true }).waitFor()
    await shot(stranger.page, 'z-10-verify-valid-en', true)
    await stranger.page.getByRole('button', { name: '切换到中文' }).click()
    await stranger.page.getByText('有效', { exact: true }).waitFor()

    // A wrong name gets the same neutral answer as an unknown number.
    await stranger.page.getByLabel('持证人姓名').fill('王五')
    await stranger.page.getByRole('button', { name: '核验' }).click()
    await stranger.page.getByText('没有找到与该编号和姓名相符的学历证明书').waitFor()
    await shot(stranger.page, 'z-11-verify-not-found')
    // The number left empty asks for it (it said "you typed 0 characters").
    await stranger.page.getByLabel('证明书编号').fill('')
    await stranger.page.getByRole('button', { name: '核验' }).click()
    await stranger.page.getByText('请输入证明书上的编号').waitFor()
    // ... and the answer about the number before is gone: it no longer says anything about what is typed.
    expect(await stranger.page.getByText('没有找到与该编号和姓名相符的学历证明书').count()).toBe(0)
    await shot(stranger.page, 'z-11b-verify-empty-number')
    await stranger.context.close()

    // The graduate sees both checks, the one with a wrong name flagged.
    await page.reload()
    await showRecordLists(page)
    await card.getByText('姓名不符，未显示内容').waitFor()
    await card.getByText('被查验记录').scrollIntoViewIfNeeded()
    await shot(page, 'z-12-verification-log')
    verificationUrl = cert.verificationUrl
  })

  it('the public page catches a mistyped number, a tampered QR code, a phone without Ed25519 and too many checks', async () => {
    expect(verificationUrl).not.toBe('')
    const { number, name, signedPayload } = parseVerificationUrl(verificationUrl)!
    const { page } = await session.newPage()

    // The check character catches a single mistyped character before the server is asked.
    await page.goto('/verify')
    await page.getByLabel('证明书编号').fill(`${number.slice(0, -1)}${number.endsWith('0') ? '1' : '0'}`)
    await page.getByLabel('持证人姓名').fill(name!)
    await page.getByRole('button', { name: '核验' }).click()
    await page.locator('.van-field__error-message', { hasText: '有一位输错或两位顺序颠倒' }).waitFor()
    await shot(page, 'z-13-verify-mistyped')

    // The school in the content changed, the signature kept: the page says so, the online answer still shows.
    const [prefix, content, signature] = signedPayload!.split('.')
    const claims = JSON.parse(new TextDecoder().decode(fromBase64url(content!)!)) as { sch: string }
    const forged = toBase64url(new TextEncoder().encode(JSON.stringify({ ...claims, sch: `${claims.sch}（分校）` })))
    await page.goto(verificationUrl.replace(/#.*/, `#${prefix}.${forged}.${signature}`))
    await page.getByText('有效', { exact: true }).waitFor()
    await page.getByText('二维码中的签名无法通过校验').waitFor()
    await shot(page, 'z-14-verify-tampered', true)

    // A browser without WebCrypto Ed25519 relies on the online answer and says so.
    const old = await session.newPage()
    await old.page.addInitScript(() => {
      const importKey = crypto.subtle.importKey.bind(crypto.subtle)
      crypto.subtle.importKey = ((...args: Parameters<typeof importKey>) => (JSON.stringify(args[2]).includes('Ed25519') ? Promise.reject(new DOMException('Algorithm: Unrecognized name', 'NotSupportedError')) : importKey(...args))) as typeof importKey
    })
    await old.page.goto(verificationUrl)
    await old.page.getByText('本机无法离线校验签名').waitFor()
    await old.page.getByText('有效', { exact: true }).waitFor()
    await shot(old.page, 'z-15-verify-no-ed25519')
    await old.context.close()

    // The head of the registry office revokes it, with a reason; the public answer turns at once.
    const registrar = await officerPage('college.head')
    const { requests } = await (await registrar.page.request.get('/api/officer/certificate-requests?status=issued')).json()
    await registrar.page.goto(`/officer/certificates/${requests[0].id}`)
    await registrar.page.getByText('撤销这份证明书').first().click()
    await registrar.page.getByLabel('理由').fill('经核实，申请时所述遗失情况不实')
    await registrar.page.getByRole('button', { name: '撤销这份证明书' }).click()
    await registrar.page.getByText('已撤销，失效').waitFor()
    await settle(registrar.page)
    await shot(registrar.page, 'z-16-officer-revoked')
    await registrar.context.close()
    await page.goto('about:blank') // only the fragment differs from the last address: load it afresh
    await page.goto(verificationUrl)
    await page.getByText('已撤销，本证明书失效').waitFor()
    expect(await page.getByText('申请时所述').count()).toBe(0)
    await shot(page, 'z-17-verify-revoked')

    // More than 30 checks a minute from one address: told plainly to wait.
    for (let i = 0; i < 30; i++)
      await page.request.post(`/api/verify/${number}`, { data: { name: '王五' } })
    await page.goto('/verify')
    await page.getByLabel('证明书编号').fill(number)
    await page.getByLabel('持证人姓名').fill(name!)
    await page.getByRole('button', { name: '核验' }).click()
    await page.getByRole('alert').filter({ hasText: '操作过于频繁' }).waitFor()
    await shot(page, 'z-18-verify-rate-limited')
  })

  it('a vocational graduate is guided to 河南政务服务网 and offered no application to the school (003:19)', async () => {
    const { page } = await session.newPage()
    const phone = '13512345701'
    await page.request.post('/api/auth/sms/send', { data: { phone } })
    const code = (await (await page.request.post('/api/dev/sms-outbox', { data: { phone } })).json()).messages[0].code
    await page.request.post('/api/auth/sms/verify', { data: { phone, code } })
    const bound = await (await page.request.post('/api/bindings', { data: { relation: 'self', name: vocational.record.name, idNumber: vocational.record.idNumber } })).json()
    await page.goto(`/records/${bound.recordId}`)
    await showRecordLists(page)
    const guide = page.getByRole('region', { name: '中职学历证明书请到“河南政务服务网”申请' })
    await guide.waitFor()
    await guide.scrollIntoViewIfNeeded()
    expect(await guide.getByText('本人居民身份证').count()).toBe(1)
    expect(await guide.getByRole('link', { name: '打开河南政务服务网' }).getAttribute('href')).toContain('hnzwfw.gov.cn')
    expect(await page.getByRole('link', { name: '申请学历证明书' }).count()).toBe(0)
    await shot(page, 'c-09-vocational-portal')
    await page.goto(`/records/${bound.recordId}/certificate/new`)
    await page.getByRole('region', { name: '中职学历证明书请到“河南政务服务网”申请' }).waitFor()
    expect(await page.getByRole('button', { name: '提交申请' }).count()).toBe(0)
  })
})
