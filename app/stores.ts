import type { InferResponseType } from 'hono/client'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api, ApiError, call } from './api/client.ts'

export type Me = InferResponseType<typeof api.me.$get, 200>

/** Who is signed in. Server data itself is fetched per page through the client. */
export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null)
  const loaded = ref(false)

  async function refresh() {
    try {
      me.value = await call(api.me.$get())
    }
    catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401)
        throw e
      me.value = null
    }
    loaded.value = true
    return me.value
  }

  async function logout() {
    await call(api.auth.logout.$post())
    me.value = null
    // design: a deliberate sign-out on a shared phone leaves no unsent draft (with ID numbers) behind.
    Object.keys(localStorage).filter(k => k.startsWith('xjt.complaintDraft.')).forEach(k => localStorage.removeItem(k))
  }

  return { me, loaded, refresh, logout }
})
