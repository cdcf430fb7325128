// A mark in localStorage says, without opening IndexedDB or loading the outbox's code, whether this
// account has anything waiting: read at start, so a phone with nothing waiting downloads nothing more.
import { ref } from 'vue'

const markKey = (accountId: string) => `xjt.outbox.${accountId}`
const changes = ref(0) // read by hasWaiting, so a screen showing it updates when something is queued

export const hasWaiting = (accountId: string) => changes.value >= 0 && localStorage.getItem(markKey(accountId)) !== null

export function mark(accountId: string, count: number) {
  if (count > 0)
    localStorage.setItem(markKey(accountId), String(count))
  else
    localStorage.removeItem(markKey(accountId))
  changes.value++
}
