// A mark in localStorage says, without opening IndexedDB or loading the outbox's code, whether this
// account has anything waiting: read at start, so a phone with nothing waiting downloads nothing more.
const markKey = (accountId: string) => `xjt.outbox.${accountId}`

export const hasWaiting = (accountId: string) => localStorage.getItem(markKey(accountId)) !== null

export function mark(accountId: string, count: number) {
  if (count > 0)
    localStorage.setItem(markKey(accountId), String(count))
  else
    localStorage.removeItem(markKey(accountId))
}
