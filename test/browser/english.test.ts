import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { featuredStudents } from '../../server/demo/generate.ts'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'
import { showRecordLists } from './kit.ts'

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
    const sms = await (await page.request.get(`/api/dev/sms-outbox?phone=${mother.phone}`)).json()
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
