import type { APIRequestContext, Page } from 'playwright-core'
import { Buffer } from 'node:buffer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { featuredStudents } from '../../server/demo/generate.ts'
import { certificateDeclaration } from '../../shared/certificates/statement.ts'
import { browserAvailable, desktop, shot, startBrowserSession } from './harness.ts'
import { acceptToRegistrar, bindDaughter, DEMO_PASSWORD, officerRequest, postComplaint, readIn, refusedCertificateRequest, showRecordLists, signInByCode } from './kit.ts'

const primary = featuredStudents().find(f => f.key === 'primary')!
const mother = primary.guardians.find(g => g.isGuardian)!
const CJK = /[\u3400-\u9FFF]/

describe.skipIf(!browserAvailable)('a parent reading in English', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  let page: Page
  beforeAll(async () => {
    session = await startBrowserSession()
    page = (await session.newPage()).page
  })
  afterAll(async () => { await session?.close() })

  it('sees every label and coded value on the record in English', async () => {
    await page.goto('/login')
    await page.evaluate(() => (globalThis as any).localStorage.setItem('xjt.locale', 'en'))
    await page.goto('/login')
    await page.getByLabel(/phone/i).first().fill(mother.phone!)
    await page.getByRole('button', { name: /code/i }).first().click()
    const sms = await (await page.request.post('/api/dev/sms-outbox', { data: { phone: mother.phone } })).json()
    await page.getByLabel(/code/i).first().fill(sms.messages[0].code)
    await page.getByRole('button', { name: /sign in/i }).click()
    await page.waitForURL(/\/bind/)

    const bound = await page.request.post('/api/bindings', {
      data: { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber, childName: primary.record.name, childIdNumber: primary.record.idNumber },
    })
    expect(bound.status()).toBe(200)

    await page.goto('/')
    await page.getByText(primary.record.name).first().click()
    await page.locator('dt').first().waitFor()
    // Names, addresses, schools and employers are proper nouns and stay as registered.
    const proper = /name|Address|address|employer|school|major|className/
    const rows = await page.locator('dd[data-field]').evaluateAll(dds => dds.map(d => ({ field: d.getAttribute('data-field')!, text: d.textContent!.trim(), label: d.previousElementSibling!.textContent!.trim() })))
    expect(rows.length).toBeGreaterThan(20)
    for (const r of rows) {
      expect(r.label, r.field).not.toMatch(CJK)
      if (!proper.test(r.field))
        expect(r.text, r.field).not.toMatch(CJK)
    }
    expect(await page.locator('.source').textContent()).not.toMatch(CJK)
    await showRecordLists(page)
    await page.getByRole('heading', { name: 'Who viewed my record' }).waitFor()
    await shot(page, 'en-record', true)

    // A form's field messages (the shared schema's) read in English too.
    await page.goto('/complaints/new')
    const step = page.locator('main section:visible')
    await expect.poll(() => step.getByLabel('Name').inputValue()).toBe(mother.name)
    await step.getByLabel('Name').fill('')
    await page.getByRole('button', { name: 'Next' }).click()
    const shown = step.locator('.van-field__error-message')
    await shown.first().waitFor()
    for (const text of await shown.allTextContents())
      expect(text).not.toMatch(CJK)
    await shot(page, 'en-complaint-errors')
  })
})

// What may stay Chinese on an English screen: what was registered or written by people (names,
// schools, units, addresses, registered notes, a complaint's story, an officer's reasons), read from
// the API's answers under these keys; coded values (性别, 民族, 状态 …) are not among them.
const WRITTEN = /name|Name|address|Address|employer|school|School|className|major|note|description|reason|Reason|question|findings|matter|requestedValue|currentValue|instructions|answer|decidedBy|circumstances|statement/
// By design: the language switch names Chinese in Chinese, a form's example of a value the registry
// writes in Chinese shows it in Chinese ("e.g. 汉族"), and the statement a graduate signs is the
// Chinese text, with its English translation below it.
const BY_DESIGN = ['切换到中文', '中文', 'e.g. 汉族', certificateDeclaration('lost')]

function writtenIn(json: unknown, into: Set<string>, key = '') {
  if (typeof json === 'string' && WRITTEN.test(key) && CJK.test(json))
    into.add(json)
  else if (Array.isArray(json))
    json.forEach(v => writtenIn(v, into, key))
  else if (json && typeof json === 'object' && 'key' in json && 'value' in json) // a record field: { key, value }
    writtenIn(json.value, into, String(json.key))
  else if (json && typeof json === 'object')
    Object.entries(json).forEach(([k, v]) => writtenIn(v, into, k))
}

/** The Chinese on the screen (text, placeholders, accessible names, titles) left once what people wrote is taken out. */
async function chineseLeft(page: Page, written: Set<string>) {
  await page.waitForLoadState('networkidle')
  await page.locator('main').first().waitFor()
  const texts = await page.evaluate(() => {
    const d = (globalThis as any).document
    const out: string[] = []
    const walker = d.createTreeWalker(d.body, 4 /* text */)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement?.checkVisibility() && n.textContent.trim())
        out.push(n.textContent.trim())
    }
    for (const e of d.querySelectorAll('[placeholder],[aria-label],[title]')) {
      for (const a of ['placeholder', 'aria-label', 'title'])
        out.push(e.getAttribute(a) ?? '')
    }
    return out as string[]
  })
  const pieces = [...written, ...BY_DESIGN].sort((a, b) => b.length - a.length)
  return texts.map(t => pieces.reduce((left, p) => left.replaceAll(p, ' '), t)).filter(t => CJK.test(t))
}

describe.skipIf(!browserAvailable)('every screen in English', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  beforeAll(async () => { session = await startBrowserSession() })
  afterAll(async () => { await session?.close() })

  const remember = async (request: APIRequestContext, written: Set<string>, ...paths: string[]) => {
    for (const path of paths)
      writtenIn(await (await request.get(path)).json(), written)
  }

  it('a parent and an officer see no Chinese but what people registered or wrote (issue 13)', async () => {
    const { context, page } = await session.newPage()
    await page.goto('/login')
    await readIn(page, 'en', '')
    // Signed out first: the sign-in screens.
    const found: string[] = []
    for (const path of ['/login', '/officer/login', '/verify']) {
      await page.goto(path)
      found.push(...(await chineseLeft(page, new Set())).map(t => `${path}: ${t}`))
    }
    expect(await signInByCode(context.request, mother.phone!)).toBe(200)
    await bindDaughter(context.request)
    const caseId = await postComplaint(context.request)
    const desk = await officerRequest(session, 'zhongyuan.officer')
    await acceptToRegistrar(desk, caseId, '核实孩子姓名登记情况')
    const upload = await context.request.post('/api/uploads', { multipart: { file: { name: 'proof.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]) } } })
    const correction = await context.request.post('/api/corrections', { data: { requestId: crypto.randomUUID(), recordId: primary.record.id, items: [{ field: 'student.currentAddress', requestedValue: '河南省郑州市中原区建设西路 8 号' }], reason: '搬家后住址变了', attachmentIds: [(await upload.json()).id] } })
    const correctionId = (await correction.json()).id as string

    const written = new Set<string>()
    await remember(context.request, written, `/api/records/${primary.record.id}`, `/api/complaints/${caseId}`, `/api/corrections/${correctionId}`, '/api/me')
    const record = `/records/${primary.record.id}`
    const parentScreens = ['/', record, '/requests', `/complaints/${caseId}`, '/complaints', '/inbox', '/settings/notices', '/complaints/new', `${record}/corrections/new`, `/corrections/${correctionId}`, '/bind']
    for (const path of parentScreens) {
      await page.goto(path)
      if (path === record)
        await showRecordLists(page)
      found.push(...(await chineseLeft(page, written)).map(t => `${path}: ${t}`))
    }
    await page.goto('/inbox')
    await shot(page, 'en-inbox')

    // A graduate whose 学历证明书 request was refused: the form, the request, the inbox.
    const graduate = await session.newPage()
    await graduate.page.goto('/login')
    await readIn(graduate.page, 'en', '')
    const { recordId: graduateRecord, requestId: certificateRequestId } = await refusedCertificateRequest(session, graduate.context.request)
    await remember(graduate.context.request, written, `/api/records/${graduateRecord}`, `/api/certificate-requests/${certificateRequestId}`, `/api/records/${graduateRecord}/certificates`)
    for (const path of [`/records/${graduateRecord}`, `/records/${graduateRecord}/certificate/new`, `/certificate-requests/${certificateRequestId}`, '/inbox', '/requests']) {
      await graduate.page.goto(path)
      found.push(...(await chineseLeft(graduate.page, written)).map(t => `${path}: ${t}`))
    }

    const officer = await session.newPage(desktop)
    await officer.page.goto('/officer/login')
    await readIn(officer.page, 'en', '')
    await officer.context.request.post('/api/auth/officer', { data: { username: 'zhongyuan.officer', password: DEMO_PASSWORD } })
    await remember(officer.context.request, written, `/api/complaints/${caseId}`, `/api/corrections/${correctionId}`, '/api/me', '/api/cases')
    const officerScreens = ['/officer', '/officer/cases', `/officer/cases/${caseId}`, '/officer/corrections', `/officer/corrections/${correctionId}`, '/inbox', '/officer/certificates', '/officer/imports', '/officer/people', '/officer/audit', `/officer/records/${primary.record.id}`, '/officer/security']
    for (const path of officerScreens) {
      await officer.page.goto(path)
      found.push(...(await chineseLeft(officer.page, written)).map(t => `${path}: ${t}`))
    }
    expect(found).toEqual([])
  })
})
