import { createStore, del, get, keys, set, values } from 'idb-keyval'

/** The complainant's own steps on a case, each a form of its own in the outbox. */
export type CaseStepKind = 'info' | 'rating' | 'objection'

/** A photo or PDF waiting on the phone, already shrunk (uploadFile.ts), with what the list shows of it. */
export interface KeptFile { key: string, name: string, thumb: string | null }
/** A file the server has taken (POST /api/uploads), as the draft lists it. */
export interface SentFile { id: string, mime: string, size: number, name: string, thumb: string | null }

/**
 * A form the person has submitted that has not reached the server yet. Its id is the request id the
 * server honours, so however often it is sent (two tabs, a lost answer, a reload) it is filed once.
 */
export interface OutboxEntry {
  id: string
  kind: 'complaint' | 'correction' | 'certificate' | 'dispute' | CaseStepKind
  accountId: string
  queuedAt: string
  /** The form as submitted; only the kind's sender reads it. */
  payload: unknown
  /** What the list says the entry is about, e.g. the child's name. */
  about: string
  sent: SentFile[]
  /** Files still on the phone; each is sent before the form, then moves to `sent`. */
  files: KeptFile[]
  state: 'waiting' | 'refused'
  /** Why the last try failed: the network (tried again by itself) or a refusal (the person edits). */
  error: string | null
}

/**
 * How a sender sends: an answer not come in 30 s is taken as lost, and the next try reuses the request
 * id, so the server files the form once however the first try ended.
 */
export const withinSendTime = () => ({ init: { signal: AbortSignal.timeout(30_000) } })

// design (issue 13, outbox): IndexedDB, not localStorage, because photos are Blobs of about 300 KB
// and localStorage holds a few MB of strings. Two databases, as idb-keyval opens one store per database.
const entryStore = createStore('xjt-outbox', 'entries')
const fileStore = createStore('xjt-files', 'files')

// As JSON: an entry holds no Blob (its files are kept apart), and the form's reactive proxies cannot be cloned.
export const putEntry = (e: OutboxEntry) => set(e.id, JSON.parse(JSON.stringify(e)) as OutboxEntry, entryStore)
export const dropEntry = (id: string) => del(id, entryStore)
export async function entriesOf(accountId: string) {
  return (await values<OutboxEntry>(entryStore)).filter(e => e.accountId === accountId).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt))
}

export async function keepFile(blob: Blob) {
  const key = crypto.randomUUID()
  await set(key, blob, fileStore)
  return key
}
export const keptFile = (key: string) => get<Blob>(key, fileStore)
export const forgetFile = (key: string) => del(key, fileStore)

/** A copy under a new key, so the entry and the draft it came from never delete each other's files. */
export async function copyFile(f: KeptFile): Promise<KeptFile | null> {
  const blob = await keptFile(f.key)
  return blob ? { ...f, key: await keepFile(blob) } : null
}

/**
 * Deletes every photo no waiting entry holds: a draft's photos once its draft is wiped, and any a
 * closed tab left between copying and queuing. Run at sign-out, when no form is open to be picking one.
 */
export async function sweepFiles() {
  const held = new Set((await values<OutboxEntry>(entryStore)).flatMap(e => e.files.map(f => f.key)))
  const orphans = (await keys<string>(fileStore)).filter(k => !held.has(k))
  await Promise.all(orphans.map(k => del(k, fileStore)))
}
