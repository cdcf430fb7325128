import type { InferResponseType } from 'hono/client'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api, call } from './api/client.ts'
import { forgetSynced, keepBody, keptBody, syncState } from './api/synced.ts'
import { forgetLogin } from './features/auth/keptLogin.ts'

const sessionChange = () => import('./sessionChange.ts')

/**
 * Whether this browser is woken for notices worded in another language than the app's (keys of
 * features/notifications/push.ts and i18n/index.ts, read here so the first download need not carry them).
 */
function pushLanguageLags() {
  const woken = Object.keys(localStorage).some(k => k.startsWith('xjt.push.'))
  return woken && localStorage.getItem('xjt.pushLanguage') !== (localStorage.getItem('xjt.locale') === 'en' ? 'en' : 'zh-CN')
}

export type Me = InferResponseType<typeof api.me.$get, 200>

/** Who is signed in. Server data itself is fetched per page through the client. */
export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null)
  const loaded = ref(false)
  /** Whether this is the demo (its outbox of codes offered at sign-in); not known offline, so no. */
  const demo = ref(false)

  /**
   * Asks the server who is signed in. Offline, the answer kept from the last sync stands in
   * (syncState.offline says so) and the session is checked again when the network returns.
   */
  async function refresh() {
    const before = keptBody<{ me: Me | null }>('/api/session')?.me
    const answer = await call(api.session.$get())
    me.value = answer.me
    demo.value = answer.demo === true
    // design: what one person's phone kept is never shown to the next person signed in on it.
    if (!me.value) {
      forgetSynced()
    }
    else if (before && me.value.accountId !== before.accountId) {
      forgetSynced()
      keepBody('/api/session', { me: me.value })
    }
    loaded.value = true
    const who = me.value
    if (who && pushLanguageLags())
      void sessionChange().then(m => m.pushFollows(who.accountId), () => {})
    return me.value
  }

  const someoneTyping = () => document.activeElement?.matches('input, textarea, select, [contenteditable]') ?? false

  /** When the network is back: checks the session and, if it still holds, reloads what the screen shows. */
  async function resync() {
    const wasOffline = syncState.offline
    syncState.offline = false
    syncState.syncedAt = null
    const who = await refresh().catch(() => undefined)
    if (syncState.offline || who === undefined)
      return { back: false, signedIn: true }
    // design: the screen is built again from the server's answers, but never under someone's fingers
    // (issue 13: no screen changes while someone types); the next screen they open is fresh.
    if (wasOffline && !someoneTyping())
      syncState.generation++
    return { back: true, signedIn: who !== null }
  }

  /** After a sign-in: the new person, with nothing kept from whoever used the phone before. */
  function signedIn(who: Me) {
    void sessionChange().then(m => m.afterSignIn(who.accountId), () => {})
    forgetSynced()
    keepBody('/api/session', { me: who })
    me.value = who
    loaded.value = true
  }

  async function logout() {
    await sessionChange().then(m => m.beforeSignOut(), () => {})
    await call(api.auth.logout.$post())
    forgetLogin() // the next person in this tab starts from an empty sign-in page
    me.value = null
    await sessionChange().then(m => m.afterSignOut(), () => {}) // before anyone else can sign in and pick a photo
    forgetSynced()
  }

  return { me, loaded, demo, refresh, resync, signedIn, logout }
})
