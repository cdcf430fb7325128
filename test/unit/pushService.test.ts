import type { NoticeTemplate } from '../../server/sms/gateway.ts'
import { describe, expect, it } from 'vitest'
import { pushServiceAllowed } from '../../server/features/notifications/push.ts'
import { pushPayload } from '../../server/push/gateway.ts'
import { smsTemplates, templateKind } from '../../server/sms/gateway.ts'
import { addWorkingDays, shanghaiDate } from '../../shared/calendar/index.ts'

// The server posts to the address a browser names, so only push services are accepted (issue 13).
describe('which push endpoints the server will post to', () => {
  it.each([
    ['https://fcm.googleapis.com/fcm/send/abc', true],
    ['https://updates.push.services.mozilla.com/wpush/v2/abc', true],
    ['https://web.push.apple.com/abc', true],
    ['https://wns2-sg2p.notify.windows.com/w/?token=abc', true],
    ['http://fcm.googleapis.com/fcm/send/abc', false],
    ['https://fcm.googleapis.com.example.com/abc', false],
    ['https://evilfcm.googleapis.com.cn/abc', false],
    ['https://127.0.0.1:8443/push/abc', false],
    ['https://10.0.0.5/push/abc', false],
    // web-push parses with the legacy url.parse(), which would post these to 169.254.169.254.
    ['https://169.254.169.254;.fcm.googleapis.com/x', false],
    ['https://169.254.169.254{.fcm.googleapis.com/x', false],
    ['https://user:pw@fcm.googleapis.com/x', false],
  ])('%s in production: %s', (url, allowed) => expect(pushServiceAllowed(url, false)).toBe(allowed))

  it('the demo also takes this machine, where the tests run a push service', () => {
    expect(pushServiceAllowed('https://127.0.0.1:8443/push/abc', true)).toBe(true)
    expect(pushServiceAllowed('https://192.168.1.2/push/abc', true)).toBe(false)
  })
})

// A browser notice is worded in the app's language on that browser; texts stay in Chinese (the
// providers' registered templates).
describe('a browser notice in English', () => {
  const filed = shanghaiDate(new Date())
  const values = { date: filed, number: '410102-HC0007', due: addWorkingDays(filed, 10).date }
  it.each(Object.keys(templateKind) as NoticeTemplate[])('%s: English words only, every value in them', (template) => {
    const { title, body } = JSON.parse(pushPayload(template, values, 'en')) as { title: string, body: string }
    expect(title).toBe('Xuejitong')
    expect(body).not.toMatch(/\p{Script=Han}/u)
    for (const name of smsTemplates[template])
      expect(body).toContain(values[name as keyof typeof values])
    expect(body).not.toContain('undefined')
  })
})
