import { reactive } from 'vue'

/**
 * The last answer to each GET, kept on the phone so a signed-in person still sees their own
 * record, requests and cases when the network is gone (design: issue 13, phones on bad networks).
 * Kept in localStorage under one prefix, so signing out (or another person signing in) wipes it.
 */
const PREFIX = 'xjt.synced.'
// design: public and demo answers and files are not worth keeping; only JSON about the person is.
const NOT_KEPT = [/^\/api\/dev\//, /^\/api\/verify\//, /\/download/, /\/pdf/]

/** Whether the screens show kept answers, and the oldest sync among them. */
export const syncState = reactive({ offline: false, syncedAt: null as string | null, generation: 0 })

function keyOf(url: string) {
  const u = new URL(url, location.origin)
  return u.pathname.startsWith('/api/') && !NOT_KEPT.some(r => r.test(u.pathname)) ? `${PREFIX}${u.pathname}${u.search}` : null
}

export function forgetSynced() {
  Object.keys(localStorage).filter(k => k.startsWith(PREFIX)).forEach(k => localStorage.removeItem(k))
  syncState.offline = false
  syncState.syncedAt = null
}

/** The kept answer for a path, if any (used for who was signed in). */
export function keptBody<T>(path: string): T | null {
  const kept = localStorage.getItem(`${PREFIX}${path}`)
  return kept ? (JSON.parse(kept).body as T) : null
}

/** Keeps an answer as if it had just been fetched. */
export function keepBody(path: string, body: unknown) {
  try {
    localStorage.setItem(`${PREFIX}${path}`, JSON.stringify({ at: new Date().toISOString(), body }))
  }
  catch {
    // A full store only means this answer will not be there offline.
  }
}

/** fetch for the API client: GETs are kept when they succeed and served from the phone when the network fails. */
export const syncedFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init)
  const key = request.method === 'GET' ? keyOf(request.url) : null
  try {
    const res = await fetch(request)
    if (key && res.ok && res.headers.get('content-type')?.includes('application/json'))
      keepBody(key.slice(PREFIX.length), await res.clone().json())
    return res
  }
  catch (e) {
    const kept = key && localStorage.getItem(key)
    if (!kept || request.signal.aborted)
      throw e
    const { at, body } = JSON.parse(kept) as { at: string, body: unknown }
    syncState.offline = true
    if (!syncState.syncedAt || at < syncState.syncedAt)
      syncState.syncedAt = at
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', 'x-synced-at': at } })
  }
}
