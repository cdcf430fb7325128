import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, desktop, shot, startBrowserSession } from './harness.ts'
import { fileComplaint, signInOfficer } from './kit.ts'

// Text a parent may type, and what an attacker would: each would run script if rendered as HTML.
const hostile = '孩子名字错了<img src=x onerror="window.__ran=1"><script>window.__ran=2</script><a href="javascript:window.__ran=3">点这里</a>'

const ran = (page: Page) => page.evaluate(() => (globalThis as unknown as { __ran?: number }).__ran ?? null)

describe.skipIf(!browserAvailable)('stored HTML never runs (issue 9)', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  beforeAll(async () => { session = await startBrowserSession() })
  afterAll(async () => { await session?.close() })

  it('a complaint whose text is HTML shows as text to the parent and to the officer, and no script runs', async () => {
    const { page: phone } = await session.newPage()
    const id = await fileComplaint(phone.request, hostile)

    await phone.goto(`/complaints/${id}`)
    await phone.getByText(hostile).waitFor()
    expect(await ran(phone)).toBeNull()
    await shot(phone, 'x-01-parent-sees-html-as-text')

    const { page: desk } = await session.newPage(desktop)
    await signInOfficer(desk, 'zhongyuan.officer')
    await desk.goto(`/officer/cases/${id}`)
    await desk.getByText(hostile).waitFor()
    expect(await desk.locator('img[src="x"], a[href^="javascript:"]').count()).toBe(0)
    expect(await ran(desk)).toBeNull()
    await shot(desk, 'x-02-officer-sees-html-as-text')
  })
})
