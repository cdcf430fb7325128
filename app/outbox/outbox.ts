import type { OutboxEntry } from './store.ts'
import { reactive } from 'vue'
import { ApiError, errorText, errorWordsReady, messageFor } from '../api/client.ts'
import { uploadFile } from '../features/complaints/uploadFile.ts'
import { dropEntry, entriesOf, forgetFile, keptFile, mark, putEntry } from './store.ts'

/** What a kind's sender answers once the server has the form. */
export interface Filed { href: string, reference: string }
export interface Sender {
  send: (e: OutboxEntry) => Promise<Filed>
  /** Puts a refused entry back in the person's draft to be put right; answers where that form is. */
  reopen: (e: OutboxEntry) => string
}
const senders: Record<OutboxEntry['kind'], () => Promise<Sender>> = {
  complaint: () => import('../features/complaints/sendComplaint.ts'),
}

/** The signed-in person's waiting entries as the screens show them. */
export const outbox = reactive({ entries: [] as OutboxEntry[], sending: null as string | null, filed: [] as (Filed & { id: string })[] })
let accountId = ''

async function reload() {
  outbox.entries = await entriesOf(accountId)
  // design: what was sent stays listed (已发出) until the app is next opened afresh.
  mark(accountId, outbox.entries.length + outbox.filed.length)
}

/** The network or the server failed, not the form: try again later, unchanged. */
const worthRetrying = (e: unknown) => !(e instanceof ApiError) || e.status === 0 || e.status >= 500 || e.status === 429

/** How the last try of an entry went, for the screen that queued it. */
export type Tried = { state: 'filed', filed: Filed } | { state: 'waiting' | 'refused', failure: ApiError | Error }
const tries = new Map<string, Tried>()

/** Files first (each moves to `sent` and is saved, so a cut connection resends only the rest), then the form. */
async function sendEntry(e: OutboxEntry): Promise<Tried> {
  outbox.sending = e.id
  try {
    for (const f of [...e.files]) {
      const blob = await keptFile(f.key)
      if (!blob) { // design: never file a complaint short of a photo the person added; they re-add it.
        await errorWordsReady()
        throw new ApiError(410, 'FILE_GONE', messageFor('FILE_GONE'))
      }
      const up = await uploadFile(blob, f.name, () => {})
      e.sent.push({ ...up, name: f.name, thumb: f.thumb })
      e.files.shift()
      await putEntry(e)
      await forgetFile(f.key)
    }
    const filed = await (await senders[e.kind]()).send(e)
    await dropEntry(e.id)
    outbox.filed.push({ ...filed, id: e.id })
    return { state: 'filed', filed }
  }
  catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error))
    const state = worthRetrying(error) ? 'waiting' : 'refused'
    await putEntry({ ...e, state, error: errorText(error) })
    return { state, failure }
  }
  finally {
    outbox.sending = null
  }
}

let running: Promise<void> | null = null
let started = ''

async function sendAll() {
  for (const e of await entriesOf(accountId)) {
    if (e.state !== 'waiting')
      continue
    const tried = await sendEntry(e)
    tries.set(e.id, tried)
    if (tried.state === 'waiting')
      break // the network is down: the rest would fail the same way
  }
}

/**
 * Sends what waits, one at a time. One sender per phone at once (Web Locks, where the browser has
 * them): two tabs would otherwise upload the same photos twice. The request id keeps the server from
 * filing anything twice in any case.
 */
export function flush(): Promise<void> {
  running ??= (async () => {
    try {
      await (navigator.locks ? navigator.locks.request(`xjt-outbox-${accountId}`, sendAll) : sendAll())
    }
    finally {
      await reload()
      running = null
    }
  })()
  return running
}

/**
 * Queues a submitted form and tries it at once; answers how that try went. A refusal is taken back
 * out of the outbox: the form on screen still holds everything, and is where it is put right.
 */
export async function queue(entry: OutboxEntry): Promise<Tried> {
  if (started !== entry.accountId)
    await startOutbox(entry.accountId)
  await putEntry(entry)
  await running // a try that began before this entry was saved would pass it by
  await flush()
  const tried = tries.get(entry.id) ?? { state: 'waiting', failure: new Error('not tried') }
  if (tried.state === 'refused')
    await discard(entry)
  return tried
}

/** Deletes an entry the person no longer wants sent, with its files. */
export async function discard(e: OutboxEntry) {
  await dropEntry(e.id)
  await Promise.all(e.files.map(f => forgetFile(f.key)))
  await reload()
}

/** A refused entry goes back to its form (its files with it) and leaves the outbox. */
export async function reopen(e: OutboxEntry) {
  const href = (await senders[e.kind]()).reopen(e)
  await dropEntry(e.id)
  await reload()
  return href
}

const RETRY_MS = 30_000
/**
 * Starts sending this account's waiting entries: now, when the phone says it is online again, when the
 * app comes back to the front, and every 30 s while something waits (a phone can be "online" on a
 * network that carries nothing). No Background Sync: iOS has none, so sending needs the app open.
 */
export async function startOutbox(account: string) {
  accountId = account
  if (started !== account) {
    if (!started) {
      const kick = () => void (outbox.entries.some(e => e.state === 'waiting') && flush())
      window.addEventListener('online', kick)
      document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && kick())
      setInterval(kick, RETRY_MS)
    }
    started = account
  }
  await reload()
  void flush()
}
