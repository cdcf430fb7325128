import type { APIRequestContext, BrowserContext, Page } from 'playwright-core'
import { Buffer } from 'node:buffer'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { expect } from 'vitest'
import { featuredStudents } from '../../server/demo/generate.ts'
import { desktop } from './harness.ts'

export const primary = featuredStudents().find(f => f.key === 'primary')!
export const mother = primary.guardians.find(g => g.isGuardian)!

/** Reads the app from now on in a language and mode (长辈版 '1'), as the person's own setting would. */
export async function readIn(page: Page, locale: string, elder: string) {
  await page.evaluate(([l, e]) => {
    (globalThis as any).localStorage.setItem('xjt.locale', l)
    ;(globalThis as any).localStorage.setItem('xjt.elder', e)
  }, [locale, elder])
}

/** Signs a phone in by SMS code through the API, reading the code from the demo outbox; answers the status. */
export async function signInByCode(request: APIRequestContext, phone: string) {
  await request.post('/api/auth/sms/send', { data: { phone } })
  const code = (await (await request.post('/api/dev/sms-outbox', { data: { phone } })).json()).messages[0].code
  return (await request.post('/api/auth/sms/verify', { data: { phone, code } })).status()
}

/** The mother binds her daughter's record as guardian (signed in already). */
export async function bindDaughter(request: APIRequestContext) {
  const res = await request.post('/api/bindings', { data: { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber, childName: primary.record.name, childIdNumber: primary.record.idNumber } })
  expect(res.status()).toBe(200)
}

/** The mother signs in by code and files a complaint about her daughter through the API (the phone form has its own test). */
export async function fileComplaint(request: APIRequestContext, description = '孩子名字登记错了一个字，申请更正三个月了学校一直没有办理。') {
  await signInByCode(request, mother.phone!)
  return postComplaint(request, description)
}

/** The mother's complaint about her daughter, filed by whoever is signed in on `request`. */
export async function postComplaint(request: APIRequestContext, description = '孩子名字登记错了一个字，申请更正三个月了学校一直没有办理。') {
  const res = await request.post('/api/complaints', { data: {
    requestId: crypto.randomUUID(),
    complainant: { name: mother.name, gender: '女', age: 36, ethnicity: '汉族', idNumber: mother.idNumber, phone: mother.phone },
    student: { name: primary.record.name, gender: '女', age: 9, ethnicity: primary.record.ethnicity, registryNo: primary.record.registryNo, idNumber: primary.record.idNumber },
    schoolUnitId: primary.record.schoolUnitId,
    category: 'keyInfoChangeRefused',
    description,
  } })
  expect(res.status()).toBe(201)
  return (await res.json()).id as string
}

export const college = featuredStudents().find(f => f.key === 'college')!

/**
 * The college graduate (signed in on `graduate`) binds her record and applies for a 学历证明书,
 * which her school's registrar refuses, so its page shows a decision and the form is open again.
 */
export async function refusedCertificateRequest(session: Parameters<typeof officerRequest>[0], graduate: APIRequestContext) {
  expect(await signInByCode(graduate, '13512345709')).toBe(200)
  const recordId = (await (await graduate.post('/api/bindings', { data: { relation: 'self', name: college.record.name, idNumber: college.record.idNumber } })).json()).recordId as string
  const thisMonth = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7)
  const applied = await graduate.post(`/api/records/${recordId}/certificate-requests`, { data: { requestId: crypto.randomUUID(), loss: 'lost', occurredOn: thisMonth, circumstances: '搬家时装毕业证书的文件袋遗失，已多方寻找未果。', statement: { signedName: college.record.name, agreed: true } } })
  expect(applied.status()).toBe(201)
  const requestId = (await applied.json()).id as string
  const registrar = await officerRequest(session, 'college.registrar')
  expect((await registrar.post(`/api/certificate-requests/${requestId}/refuse`, { data: { reason: '请补充遗失登报声明后再申请' } })).status()).toBe(200)
  return { recordId, requestId }
}

/** Every demo officer's password (server/demo). */
export const DEMO_PASSWORD = 'xjt-demo-2026'

/** An officer signed in through the API with the demo password (in a desktop context of their own): their requests. */
export async function officerRequest(session: { newPage: (o: typeof desktop) => Promise<{ context: BrowserContext }> }, username: string): Promise<APIRequestContext> {
  const { request } = (await session.newPage(desktop)).context
  const signedIn = await request.post('/api/auth/officer', { data: { username, password: DEMO_PASSWORD } })
  expect(signedIn.status(), await signedIn.text()).toBe(200)
  return request
}

/** The bureau's officer (`desk`) takes the case and gives it to the school's registrar. */
export async function acceptToRegistrar(desk: APIRequestContext, caseId: string, matter: string) {
  const options = await (await desk.get(`/api/complaints/${caseId}/handler-options`)).json()
  const school = options.units.find((u: any) => u.people.some((p: any) => p.role === 'registrar'))
  const handler = school.people.find((p: any) => p.role === 'registrar')
  const accepted = await desk.post(`/api/complaints/${caseId}/accept`, { data: { handlingUnitId: school.id, handlerId: handler.id, matter } })
  expect(accepted.status(), await accepted.text()).toBe(200)
}

/** An officer signs in on the page with the demo password and lands on the workbench. */
export async function signInOfficer(page: Page, username: string) {
  await page.goto('/officer/login')
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL(/\/officer$/)
}

/** Scrolls to the record page's lists (disputes, corrections, certificates, who looked), which load when near. */
export async function showRecordLists(page: Page) {
  const placeholder = page.locator('[data-when-near]')
  await placeholder.scrollIntoViewIfNeeded()
  await placeholder.waitFor({ state: 'detached' })
}

// Evaluated through the devtools protocol: the app's CSP (rightly) refuses an injected script tag.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
interface Violation { id: string, impact: string, help: string, nodes: { target: string[] }[] }

/** axe-core's serious and critical findings on the screen, WCAG 2.1 A/AA with target size (issue 13). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.waitForLoadState('networkidle')
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const result = await (globalThis as any).axe.run((globalThis as any).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      rules: { 'target-size': { enabled: true } },
    })
    return result.violations as Violation[]
  })
  return violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)
}

/** A photo as a phone camera would hand it over, drawn in the page. */
export async function photo(page: Page) {
  const base64 = await page.evaluate(() => {
    const c = (globalThis as any).document.createElement('canvas')
    c.width = 1200
    c.height = 900
    const g = c.getContext('2d')!
    g.fillStyle = '#6a994e'
    g.fillRect(0, 0, 1200, 900)
    g.fillStyle = '#fff'
    g.font = '120px sans-serif'
    g.fillText('户口本', 400, 480)
    return (c.toDataURL('image/jpeg', 0.9) as string).split(',')[1]!
  })
  return { name: '户口本.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') }
}

/** The server refuses the next POST to `url` once, naming `path`, as it would a field whose rule changed meanwhile. */
export async function refuseOnce(page: Page, url: string, path: string, message: string) {
  let refusals = 1
  await page.route(url, async (route) => {
    if (route.request().method() !== 'POST' || refusals-- <= 0)
      return route.continue()
    const issues = [{ path, code: 'custom', message }]
    return route.fulfill({ status: 400, json: { code: 'VALIDATION_FAILED', message, issues } })
  })
}

/**
 * What a person would find too small on the screen (issue 13): visible text under `text` px, and text
 * fields, selects, switches and the sheets' close buttons under `target` px (getBoundingClientRect). One line each.
 */
export function tooSmall(page: Page, { text, target }: { text: number, target: number }): Promise<string[]> {
  return page.evaluate(([text, target]) => {
    const doc = (globalThis as any).document
    const win = globalThis as any
    const seen = (e: any) => {
      const r = e.getBoundingClientRect()
      return r.width > 1 && r.height > 1 && win.getComputedStyle(e).visibility === 'visible' && !e.closest('.sr-only, [aria-hidden="true"]')
    }
    const name = (e: any) => `${e.tagName.toLowerCase()}${[...e.classList].filter((c: string) => !c.startsWith('van-haptics')).map((c: string) => `.${c}`).join('')}`
    const found = new Set<string>()
    for (const e of doc.querySelectorAll('main *, [role="dialog"] *')) {
      const own = [...e.childNodes].filter((n: any) => n.nodeType === 3).map((n: any) => n.textContent.trim()).join(' ').trim()
      const size = Number.parseFloat(win.getComputedStyle(e).fontSize)
      if (own && size < text && seen(e))
        found.add(`${size}px text: ${name(e)} «${own.slice(0, 24)}»`)
    }
    for (const e of doc.querySelectorAll('input:not([type="checkbox"], [type="radio"], [type="file"], [type="hidden"]), textarea, select, .van-switch, .van-popup__close-icon, .sheet-close')) {
      const r = e.getBoundingClientRect()
      const short = e.matches('.van-switch, .van-popup__close-icon, .sheet-close') ? Math.min(r.width, r.height) : r.height
      if (short < target && seen(e))
        found.add(`${Math.round(r.width)}×${Math.round(r.height)} px target: ${name(e)}${e.name ? `[name=${e.name}]` : ''}`)
    }
    return [...found]
  }, [text, target] as const)
}

/** Placeholders cut off in their empty text fields: the words measured in the field's own font against its width. */
export function cutPlaceholders(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = (globalThis as any).document
    const win = globalThis as any
    const g = doc.createElement('canvas').getContext('2d')
    const cut: string[] = []
    for (const e of doc.querySelectorAll('input[placeholder]')) {
      const s = win.getComputedStyle(e)
      if (e.value || !e.placeholder || e.getBoundingClientRect().width < 2)
        continue
      g.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`
      const room = e.clientWidth - Number.parseFloat(s.paddingLeft) - Number.parseFloat(s.paddingRight)
      const need = g.measureText(e.placeholder).width
      if (need > room + 0.5)
        cut.push(`placeholder cut off (${Math.round(need)} px in ${Math.round(room)}): «${e.placeholder}»`)
    }
    return cut
  })
}
