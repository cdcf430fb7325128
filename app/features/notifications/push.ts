import type { NoticeKind } from '#shared/notices.ts'
import { api, call } from '../../api/client.ts'

/** Whether this browser can be woken by the app at all (iOS only once the app is on the home screen). */
export const pushSupported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window

const kindsKey = (accountId: string) => `xjt.push.${accountId}`
/** The kinds this person asked for on this browser, as saved here when the server confirmed them. */
export const pushKindsHere = (accountId: string): NoticeKind[] => JSON.parse(localStorage.getItem(kindsKey(accountId)) ?? '[]') as NoticeKind[]

export class PushRefused extends Error {
  constructor(readonly reason: 'denied' | 'unavailable') {
    super(reason)
  }
}

/** The service worker, which shows the notices; one that never became ready (private mode) means none. */
function worker() {
  const late = new Promise<never>((_, reject) => setTimeout(reject, 5000, new PushRefused('unavailable')))
  return Promise.race([navigator.serviceWorker.ready, late])
}

async function subscription() {
  return (await worker()).pushManager.getSubscription()
}

/**
 * Wakes this browser for these kinds (none: for nothing). Asks the browser's permission the first
 * time, subscribes with the server's VAPID key, and tells the server which kinds go here.
 */
export async function choosePushKinds(accountId: string, kinds: NoticeKind[]) {
  let sub = await subscription()
  if (kinds.length > 0 && !sub) {
    if (await Notification.requestPermission() !== 'granted')
      throw new PushRefused('denied')
    const { publicKey } = await call(api.push.key.$get())
    sub = await (await worker()).pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey }).catch(() => {
      throw new PushRefused('unavailable') // no push service reachable (some browsers in mainland China)
    })
  }
  if (sub) {
    const { endpoint, keys } = sub.toJSON() as { endpoint: string, keys: { p256dh: string, auth: string } }
    await call(api.push.subscription.$put({ json: { endpoint, keys, kinds } }))
    if (kinds.length === 0)
      await sub.unsubscribe()
  }
  localStorage.setItem(kindsKey(accountId), JSON.stringify(kinds))
}

/** At sign-out: this browser stops being woken for the person (a shared family phone). Best effort. */
export async function forgetPushHere(accountId: string) {
  if (!pushSupported() || pushKindsHere(accountId).length === 0)
    return
  await choosePushKinds(accountId, []).catch(() => {}) // at worst the push service's 410 ends it later
  localStorage.removeItem(kindsKey(accountId))
}
