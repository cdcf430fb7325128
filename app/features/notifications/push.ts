import type { NoticeKind } from '#shared/notices.ts'
import type { AppLocale } from '../../i18n/index.ts'
import { api, ApiError, call } from '../../api/client.ts'
import { i18n, localeReady } from '../../i18n/index.ts'

/** Whether this browser can be woken by the app at all (iOS only once the app is on the home screen). */
export const pushSupported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window

const kindsKey = (accountId: string) => `xjt.push.${accountId}`
/** The kinds this person asked for on this browser, as saved here when the server confirmed them. */
function savedKinds(accountId: string): NoticeKind[] {
  try {
    return JSON.parse(localStorage.getItem(kindsKey(accountId)) ?? '[]') as NoticeKind[]
  }
  catch {
    return []
  }
}

// The language this browser's notices were last asked for in (the app's, then); see pushFollowsLanguage.
const PUSH_LANGUAGE_KEY = 'xjt.pushLanguage'
const appLanguage = () => i18n.global.locale.value as AppLocale

/** Tells the server which kinds wake this browser, worded in the app's language now. */
async function saveKinds(sub: PushSubscription, kinds: NoticeKind[]) {
  const language = appLanguage()
  await call(api.push.subscription.$put({ json: { ...subscriptionOf(sub), kinds, language } }))
  localStorage.setItem(PUSH_LANGUAGE_KEY, language)
}

export class PushRefused extends Error {
  constructor(readonly reason: 'denied' | 'unavailable') {
    super(reason)
  }
}

/** A browser step that may never answer (a service worker that cannot start, a push service out of reach). */
function within<T>(step: Promise<T>, ms = 8000) {
  const late = new Promise<never>((_, reject) => setTimeout(reject, ms, new PushRefused('unavailable')))
  return Promise.race([step, late])
}

/** This browser's subscription, if any; never waits for a service worker that is not there. */
async function current() {
  const registration = pushSupported() ? await navigator.serviceWorker.getRegistration() : undefined
  return (await registration?.pushManager.getSubscription()) ?? null
}

function sameKey(sub: PushSubscription, publicKey: string) {
  const key = sub.options.applicationServerKey
  return !key || btoa(String.fromCharCode(...new Uint8Array(key))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') === publicKey
}

/** What the settings screen shows: the saved choice, or nothing when the browser is not subscribed. */
export async function pushKindsHere(accountId: string): Promise<NoticeKind[]> {
  return (await current().catch(() => null)) ? savedKinds(accountId) : []
}

/**
 * Wakes this browser for these kinds (none: for nothing). Asks the browser's permission the first
 * time, subscribes with the server's VAPID key, and tells the server which kinds go here.
 */
export async function choosePushKinds(accountId: string, kinds: NoticeKind[]) {
  let sub = await current()
  if (kinds.length === 0) {
    if (sub)
      await call(api.push.subscription.$put({ json: { ...subscriptionOf(sub), kinds } }))
    await sub?.unsubscribe()
    localStorage.removeItem(kindsKey(accountId))
    localStorage.removeItem(PUSH_LANGUAGE_KEY)
    return
  }
  const { publicKey } = await call(api.push.key.$get())
  if (sub && !sameKey(sub, publicKey)) { // made under another key (another server, a reset one): make it anew
    await sub.unsubscribe()
    sub = null
  }
  if (!sub) {
    if (await Notification.requestPermission() !== 'granted')
      throw new PushRefused('denied')
    const registration = await within(navigator.serviceWorker.ready)
    sub = await within(registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey }))
      .catch(() => { throw new PushRefused('unavailable') }) // no push service reachable (some phones in mainland China)
  }
  try {
    await saveKinds(sub, kinds)
  }
  catch (e) {
    if (e instanceof ApiError && e.code === 'PUSH_SERVICE_UNKNOWN')
      await sub.unsubscribe()
    throw e
  }
  // The browser is this person's now: whoever had it before no longer does.
  Object.keys(localStorage).filter(k => k.startsWith('xjt.push.')).forEach(k => localStorage.removeItem(k))
  localStorage.setItem(kindsKey(accountId), JSON.stringify(kinds))
}

function subscriptionOf(sub: PushSubscription) {
  const { endpoint, keys } = sub.toJSON() as { endpoint: string, keys: { p256dh: string, auth: string } }
  return { endpoint, keys }
}

/**
 * Sign-out, or someone else signing in: this browser stops being woken for whoever it was woken for
 * (a shared family phone). Unsubscribing comes first, so even with no network or no session the push
 * service stops delivering, and the server forgets the browser at its next 410.
 */
export async function forgetPushHere(stillFor?: string) {
  const sub = await current().catch(() => null)
  if (sub && stillFor && savedKinds(stillFor).length > 0)
    return pushFollowsLanguage(stillFor)
  if (!sub)
    return
  const { endpoint, keys } = subscriptionOf(sub)
  await sub.unsubscribe().catch(() => {})
  Object.keys(localStorage).filter(k => k.startsWith('xjt.push.')).forEach(k => localStorage.removeItem(k))
  localStorage.removeItem(PUSH_LANGUAGE_KEY)
  await call(api.push.subscription.$put({ json: { endpoint, keys, kinds: [] } })).catch(() => {})
}

let following: Promise<void> = Promise.resolve()

/**
 * The app's language changed: the browser's notices follow it, if it is woken for this person at
 * all. Changed while signed out, they follow at the next sign-in (afterSignIn → forgetPushHere) or
 * the next start of the app (stores.ts); so do subscriptions saved before they carried a language.
 */
export function pushFollowsLanguage(accountId: string) {
  // One after another: two quick switches must leave the server with the last language, not the first.
  following = following.catch(() => {}).then(async () => {
    await localeReady // at the app's start, the language it will show
    const kinds = savedKinds(accountId)
    if (kinds.length === 0 || localStorage.getItem(PUSH_LANGUAGE_KEY) === appLanguage())
      return
    const sub = await current().catch(() => null)
    if (sub)
      await saveKinds(sub, kinds)
  })
  return following
}
