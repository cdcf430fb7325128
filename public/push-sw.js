// @ts-check
// Web Push in the service worker (issue 13). Workbox writes the service worker itself (vite.config.ts,
// `importScripts`), so this part is imported as it is: plain JavaScript, typed for the editor.
/// <reference lib="webworker" />
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (globalThis))

// The message is the server's (server/push/gateway.ts): a title, words without a name or an ID
// number, where a tap opens the app, and a tag so a newer notice of the same kind replaces the older.
const plain = { title: '学籍通', body: '您有一条新消息，请打开学籍通查看', url: '/inbox', tag: undefined }
/** @param {PushMessageData | null} data */
function messageOf(data) {
  try { // design: a message that is empty or not the server's JSON still tells the person to look
    return data ? { ...plain, ...data.json() } : plain
  }
  catch {
    return plain
  }
}

sw.addEventListener('push', (event) => {
  const message = messageOf(event.data)
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
