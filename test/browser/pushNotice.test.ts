import type { BrowserContext, CDPSession, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pushPayload } from '../../server/push/gateway.ts'
import { addWorkingDays, shanghaiDate } from '../../shared/calendar/index.ts'
import { browserAvailable, startBrowserSession } from './harness.ts'
import { mother, signInByCode } from './kit.ts'

interface Shown { title: string, body: string, tag: string, url: string | undefined }

// The dates an SMS carries (filedOn, a 完成时限), as the server would fill them in today.
const filed = shanghaiDate(new Date())
const due = addWorkingDays(filed, 10).date
const laterDue = addWorkingDays(filed, 11).date

// Issue 13, Web Push: what the server sends (server/push/gateway.ts) reaches the service worker
// (public/push-sw.js), which shows it. Headless Chromium has no push service, so the message is handed
// to the service worker through the devtools protocol, as the browser would after decrypting it
// (the encryption itself is tested against a push service on loopback: test/api/webPush.test.ts).
describe.skipIf(!browserAvailable)('a push message reaching the phone', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  let context: BrowserContext
  let page: Page
  let cdp: CDPSession
  let registrationId = ''
  beforeAll(async () => {
    session = await startBrowserSession()
    ;({ context, page } = await session.newPage(undefined, 'allow'))
    await context.grantPermissions(['notifications'])
  })
  afterAll(async () => { await session?.close() })

  const origin = () => new URL(page.url()).origin
  const deliver = (data: string) => cdp.send('ServiceWorker.deliverPushMessage', { origin: origin(), registrationId, data })
  // A push wakes a stopped service worker first: with the cores shared by other files' browsers, that
  // did not happen within the project's 10 s once, in a clean-clone run on a busy machine.
  const slow = { timeout: 30_000 }
  const shown = () => page.evaluate(async () => {
    const registration = await (globalThis as any).navigator.serviceWorker.ready
    return (await registration.getNotifications()).map((n: any) => ({ title: n.title, body: n.body, tag: n.tag, url: n.data?.url })) as Shown[]
  })

  it('shows the notice in the words the SMS uses, opening the inbox, and a newer one of its kind replaces it', async () => {
    await page.goto('/login')
    expect(await signInByCode(page.request, mother.phone!)).toBe(200)
    await page.goto('/')
    await page.evaluate(async () => { await (globalThis as any).navigator.serviceWorker.ready })
    cdp = await context.newCDPSession(page)
    const registered = new Promise<string>(resolve => cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const mine = registrations.find(r => !r.isDeleted)
      if (mine)
        resolve(mine.registrationId)
    }))
    await cdp.send('ServiceWorker.enable')
    registrationId = await registered

    await deliver(pushPayload('complaintAccepted', { date: filed, number: '410102-HC0007', due }))
    await expect.poll(shown, slow).toHaveLength(1)
    const [accepted] = await shown()
    expect(accepted).toMatchObject({ title: '学籍通', tag: 'complaintAccepted', url: '/inbox' })
    expect(accepted!.body).toContain('410102-HC0007')
    expect(accepted!.body).not.toContain(mother.name)

    await deliver(pushPayload('complaintAccepted', { date: filed, number: '410102-HC0008', due: laterDue }))
    await expect.poll(async () => (await shown()).map(n => n.body).join(), slow).toContain('410102-HC0008')
    expect(await shown()).toHaveLength(1)
  })

  it('an officer\'s overdue notice opens the workbench; a message without words still says who it is from', async () => {
    await deliver(pushPayload('workOverdue', { number: '410102-HC0007', due }))
    await expect.poll(async () => (await shown()).find(n => n.tag === 'workOverdue')?.url, slow).toBe('/officer')
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: origin(), registrationId, data: '' })
    await expect.poll(async () => (await shown()).length, slow).toBe(3)
    expect((await shown()).some(n => n.title === '学籍通' && n.url === '/inbox')).toBe(true)
  })
})
