// @ts-check
// Web Push in the service worker (issue 13). Workbox writes the service worker itself (vite.config.ts,
// `importScripts`), so this part is imported as it is: plain JavaScript, typed for the editor.
/// <reference lib="webworker" />
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (globalThis))

// The message is the server's (server/push/gateway.ts): a title, words without a name or an ID
// number, where a tap opens the app, and a tag so a newer notice of the same kind replaces the older.
sw.addEventListener('push', (event) => {
  const message = event.data ? event.data.json() : { title: '学籍通', body: '', url: '/inbox' }
  event.waitUntil(sw.registration.showNotification(message.title, {
    body: message.body,
    tag: message.tag,
    icon: '/pwa-192.png',
    badge: '/pwa-192.png',
    lang: 'zh-CN',
    data: { url: message.url },
  }))
})

// A tap opens the app where the notice points: in a window already open, else a new one.
sw.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const url = new URL(event.notification.data?.url ?? '/', sw.location.origin).href
  event.waitUntil((async () => {
    const open = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true })
    const mine = open.find(c => new URL(c.url).origin === sw.location.origin)
    if (mine) {
      await mine.focus()
      await mine.navigate(url)
      return
    }
    await sw.clients.openWindow(url)
  })())
})
