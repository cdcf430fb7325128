import type { InferResponseType } from 'hono/client'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api, call } from './api/client.ts'
import { forgetSynced, keepBody, keptBody, syncState } from './api/synced.ts'

export type Me = InferResponseType<typeof api.me.$get, 200>

/** Who is signed in. Server data itself is fetched per page through the client. */
export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null)
  const loaded = ref(false)

  /**
   * Asks the server who is signed in. Offline, the answer kept from the last sync stands in
   * (syncState.offline says so) and the session is checked again when the network returns.
   */
  async function refresh() {
    const before = keptBody<{ me: Me | null }>('/api/session')?.me
    me.value = (await call(api.session.$get())).me
    // design: what one person's phone kept is never shown to the next person signed in on it.
    if (!me.value) {
      forgetSynced()
    }
    else if (before && me.value.accountId !== before.accountId) {
      forgetSynced()
      keepBody('/api/session', { me: me.value })
    }
    loaded.value = true
    return me.value
  }

  /** When the network is back: checks the session and, if it still holds, reloads what the screen shows. */
  async function resync() {
    const wasOffline = syncState.offline
    syncState.offline = false
    syncState.syncedAt = null
    const who = await refresh().catch(() => undefined)
    if (syncState.offline || who === undefined)
      return { back: false, signedIn: true }
    if (wasOffline)
      syncState.generation++
    return { back: true, signedIn: who !== null }
  }

  /** After a sign-in: the new person, with nothing kept from whoever used the phone before. */
  function signedIn(who: Me) {
    // Someone else's browser notifications (a session that ended without a sign-out) stop here.
    void import('./features/notifications/push.ts').then(({ forgetPushHere }) => forgetPushHere(who.accountId)).catch(() => {})
    forgetSynced()
    keepBody('/api/session', { me: who })
    me.value = who
    loaded.value = true
  }

  async function logout() {
    // design: this browser stops being woken for the person who leaves (a shared family phone).
    await import('./features/notifications/push.ts').then(({ forgetPushHere }) => forgetPushHere()).catch(() => {})
    await call(api.auth.logout.$post())
    me.value = null
    // design: a deliberate sign-out on a shared phone leaves no unsent draft (with ID numbers) behind.
    // What the person already submitted (the outbox) stays, and is sent when they sign in here again.
    const drafts = Object.keys(localStorage).filter(k => k.startsWith('xjt.complaintDraft.') || k.startsWith('xjt.correctionDraft.'))
    const photos = drafts.flatMap((k) => {
      try {
        return (JSON.parse(localStorage.getItem(k) ?? '{}') as { waiting?: { key: string }[] }).waiting ?? []
      }
      catch {
        return []
      }
    })
    drafts.forEach(k => localStorage.removeItem(k))
    if (photos.length > 0)
      void import('./outbox/store.ts').then(({ forgetFile }) => photos.forEach(p => void forgetFile(p.key)))
    void import('./outbox/outbox.ts').then(({ stopOutbox }) => stopOutbox()) // so nothing is sent under the next person's session
    forgetSynced()
  }

  return { me, loaded, refresh, resync, signedIn, logout }
})
