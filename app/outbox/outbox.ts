import type { KeptFile, OutboxEntry } from './store.ts'
import { reactive } from 'vue'
import { ApiError, errorText, errorWordsReady, messageFor } from '../api/client.ts'
import { uploadFile } from '../features/complaints/uploadFile.ts'
import { useSessionStore } from '../stores.ts'
import { mark } from './mark.ts'
import { copyFile, dropEntry, entriesOf, forgetFile, keptFile, putEntry } from './store.ts'

/** What a kind's sender answers once the server has the form. */
export interface Filed {
  href: string
  reference?: string
  /** The server's answer, for the screen that queued the form and is still open. */
  answer?: unknown
}
export interface Sender {
  send: (e: OutboxEntry) => Promise<Filed>
  /**
   * Puts a refused entry back in the person's draft to be put right; answers where that form is, or
   * null when a draft of that form is being written (it is never overwritten).
   */
  reopen: (e: OutboxEntry) => string | null
}
const senders: Record<OutboxEntry['kind'], () => Promise<Sender>> = {
  complaint: () => import('../features/complaints/sendComplaint.ts'),
  correction: () => import('../features/corrections/sendCorrection.ts'),
  certificate: () => import('../features/certificates/sendCertificate.ts'),
  dispute: () => import('../features/records/sendDispute.ts'),
  info: () => import('../features/complaints/sendCaseStep.ts'),
  rating: () => import('../features/complaints/sendCaseStep.ts'),
  objection: () => import('../features/complaints/sendCaseStep.ts'),
}

/** The signed-in person's waiting entries as the screens show them. */
export const outbox = reactive({ entries: [] as OutboxEntry[], sending: null as string | null, filed: [] as (Filed & { id: string })[] })
let accountId = ''

async function reload() {
  outbox.entries = await entriesOf(accountId)
  // design: what was sent stays listed (已发出) until the app is next opened afresh.
  mark(accountId, outbox.entries.length + outbox.filed.length)
}

/**
 * The network or the server failed, not the form: try again later, unchanged. A 401 too: the session
 * ended, and the entry goes when the person signs in again.
 */
const worthRetrying = (e: unknown) => !(e instanceof ApiError) || [0, 401, 429].includes(e.status) || e.status >= 500
/** No network, or told to slow down: the rest of this round would fail the same way. */
const stopsTheRound = (t: Tried) => t.state === 'waiting' && (!(t.failure instanceof ApiError) || [0, 401, 429].includes(t.failure.status))

/** How the last try of an entry went, for the screen that queued it. */
export type Tried = { state: 'filed', filed: Filed } | { state: 'waiting' | 'refused', failure: ApiError | Error }
const tries = new Map<string, Tried>()

/** Files first (each moves to `sent` and is saved, so a cut connection resends only the rest), then the form. */
async function sendEntry(e: OutboxEntry): Promise<Tried> {
  outbox.sending = e.id
  try {
    for (const f of [...e.files]) {
      const blob = await keptFile(f.key)
      if (!blob) // design: never file a form short of a photo the person added; they re-add it.
        throw await fileGone()
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
    if (useSessionStore().me?.accountId !== accountId)
      return // signed out, or someone else signed in: never send one person's form under another's session
    if (e.state !== 'waiting')
      continue
    const tried = await sendEntry(e)
    tries.set(e.id, tried)
    if (stopsTheRound(tried))
      break
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
      try {
        await reload()
      }
      finally {
        running = null
      }
    }
  })()
  return running
}

/**
 * Queues a submitted form and tries it at once; answers how that try went. A refusal is taken back
 * out of the outbox: the form on screen still holds everything, and is where it is put right.
 */
async function queue(entry: OutboxEntry): Promise<Tried> {
  if (started !== entry.accountId)
    await startOutbox(entry.accountId).catch(() => {})
  tries.delete(entry.id) // a reopened entry keeps its id; its old refusal is not this try's
  try {
    await putEntry(entry)
  }
  catch { // IndexedDB unusable (some private windows, a full disk): sent at once, the draft kept until filed
    return sendDirectly(entry)
  }
  await running // a try that began before this entry was saved would pass it by
  await flush()
  const tried = tries.get(entry.id) ?? { state: 'waiting', failure: new Error('not tried') }
  tries.delete(entry.id) // read once: the answer (a case's view) is not kept in memory
  if (tried.state === 'refused')
    await discard(entry)
  if (tried.state === 'filed') { // at once: the screen that submitted it shows the answer; nothing to list
    outbox.filed = outbox.filed.filter(f => f.id !== entry.id)
    mark(accountId, outbox.entries.length + outbox.filed.length)
  }
  return tried
}

async function fileGone() {
  await errorWordsReady()
  return new ApiError(410, 'FILE_GONE', messageFor('FILE_GONE'))
}

async function sendDirectly(entry: OutboxEntry): Promise<Tried> {
  try {
    return { state: 'filed', filed: await (await senders[entry.kind]()).send(entry) }
  }
  catch (error) { // shown on the form, which still holds everything, whatever the failure
    return { state: 'refused', failure: error instanceof Error ? error : new Error(String(error)) }
  }
}

/**
 * Hands a submitted form to the outbox and tries it at once. Files the server has are listed as they
 * are; files still on the phone are copied, so the form's draft and the entry never share one.
 */
export async function submitForm(form: Pick<OutboxEntry, 'id' | 'kind' | 'accountId' | 'payload' | 'about' | 'sent'> & { waiting: KeptFile[] }): Promise<Tried> {
  // Taken as it is now: an upload finishing during the copies must not put one photo in both lists.
  const { waiting, ...entry } = JSON.parse(JSON.stringify(form)) as typeof form
  const copies = await Promise.all(waiting.map(copyFile))
  const files = copies.filter(f => f !== null)
  if (files.length < copies.length) { // cleared with the browser's data: never send the form without it
    await Promise.all(files.map(f => forgetFile(f.key)))
    return { state: 'refused', failure: await fileGone() }
  }
  return queue({ ...entry, files, queuedAt: new Date().toISOString(), state: 'waiting', error: null })
}

/** Deletes an entry the person no longer wants sent, with its files; never in the middle of its send. */
export async function discard(e: OutboxEntry) {
  await running
  await dropEntry(e.id)
  await Promise.all(e.files.map(f => forgetFile(f.key)))
  await reload()
}

/**
 * Everything a person has waiting, deleted with its files: chosen at sign-out on a phone not theirs.
 * Stops the outbox first, so at most the entry being sent goes meanwhile.
 */
export async function discardAll(account: string) {
  stopOutbox()
  await running
  for (const e of await entriesOf(account)) {
    await dropEntry(e.id)
    await Promise.all(e.files.map(f => forgetFile(f.key)))
  }
  mark(account, 0)
}

/** A refused entry goes back to its form (its files with it) and leaves the outbox. */
export async function reopen(e: OutboxEntry) {
  await running
  const href = (await senders[e.kind]()).reopen(e)
  if (href) {
    await dropEntry(e.id)
    await reload()
  }
  return href
}

/** Signed out: nothing more is sent until the person signs in again here (their entries stay). */
export function stopOutbox() {
  tries.clear()
  accountId = ''
  started = ''
  outbox.entries = []
  outbox.filed = []
}

const RETRY_MS = 30_000
let listening = false
/**
 * Starts sending this account's waiting entries: now, when the phone says it is online again, when the
 * app comes back to the front, and every 30 s while something waits (a phone can be "online" on a
 * network that carries nothing). No Background Sync: iOS has none, so sending needs the app open.
 */
export async function startOutbox(account: string) {
  accountId = account
  started = account
  if (!listening) {
    listening = true
    const kick = () => void (accountId && outbox.entries.some(e => e.state === 'waiting') && flush())
    window.addEventListener('online', kick)
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && kick())
    setInterval(kick, RETRY_MS)
  }
  await reload()
  void flush()
}
