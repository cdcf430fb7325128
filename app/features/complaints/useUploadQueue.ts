import type { Ref } from 'vue'
import type { KeptFile } from '../../outbox/store.ts'
import type { DraftAttachment } from './useComplaintDraft.ts'
import { computed, onScopeDispose, ref } from 'vue'
import { ApiError, errorText, messageFor } from '../../api/client.ts'
import { forgetFile, keepFile, keptFile } from '../../outbox/store.ts'
import { MAX_BYTES, MAX_FILES, prepareFile, uploadFile } from './uploadFile.ts'

export interface PendingFile {
  key: number
  name: string
  /** As picked; null once prepared, or when restored from the phone after a reload. */
  file: File | null
  /** Shrunk and ready to send. */
  blob: Blob | null
  /** Where the prepared file is kept on the phone (IndexedDB), when the form keeps files. */
  kept: KeptFile | null
  thumb: string | null
  state: 'waiting' | 'preparing' | 'uploading' | 'failed'
  progress: number
  error: string
  /** A dropped connection or a server fault is worth another try; a refused file is not. */
  retryable: boolean
}

let nextKey = 1

/**
 * Files being prepared and sent one by one; each finished one moves into `done` (the draft's list).
 * With `kept` (the draft's list of files waiting on the phone), a prepared file is kept in IndexedDB
 * until the server has it: offline, photos survive a reload and go when the network is back.
 */
export function useUploadQueue(done: Ref<DraftAttachment[]>, kept?: Ref<KeptFile[]>) {
  const pending = ref<PendingFile[]>([])
  const busy = computed(() => pending.value.some(p => p.state !== 'failed'))
  const room = computed(() => MAX_FILES - done.value.length - pending.value.length)
  let running = false

  async function prepare(p: PendingFile) {
    p.state = 'preparing'
    const { blob, thumb } = await prepareFile(p.file!)
    if (blob.size > MAX_BYTES)
      throw new ApiError(413, 'FILE_TOO_LARGE', '单个文件不能超过 10 MB')
    p.name = thumb ? p.name.replace(/\.[^.]*$/, '.jpg') : p.name
    Object.assign(p, { blob, thumb, file: null })
    const key = kept ? await keepFile(blob).catch(() => null) : null // no IndexedDB: sent, just not kept
    if (kept && key) {
      p.kept = { key, name: p.name, thumb }
      kept.value = [...kept.value, p.kept]
    }
  }

  async function sendOne(p: PendingFile) {
    try {
      if (!p.blob)
        await prepare(p)
      p.state = 'uploading'
      const uploaded = await uploadFile(p.blob!, p.name, (n) => { p.progress = n })
      done.value = [...done.value, { ...uploaded, name: p.name, thumb: p.thumb }]
      pending.value = pending.value.filter(x => x.key !== p.key)
      forget(p)
    }
    catch (e) {
      p.state = 'failed'
      p.error = errorText(e)
      p.retryable = !!p.blob && (!(e instanceof ApiError) || e.status === 0 || e.status >= 500)
      if (!p.retryable) // refused: shown until removed, and not kept for the form
        forget(p)
    }
  }

  function forget(p: PendingFile) {
    if (kept && p.kept) {
      kept.value = kept.value.filter(k => k.key !== p.kept!.key)
      void forgetFile(p.kept.key)
    }
  }

  async function run() {
    if (running)
      return
    running = true
    let next: PendingFile | undefined
    // eslint-disable-next-line no-cond-assign
    while ((next = pending.value.find(p => p.state === 'waiting')))
      await sendOne(next)
    running = false
  }

  const fresh = (name: string, file: File | null): PendingFile =>
    ({ key: nextKey++, name, file, blob: null, kept: null, thumb: null, state: 'waiting', progress: 0, error: '', retryable: false })

  /** Adds picked files; returns how many did not fit under the limit of 10. */
  function add(files: FileList | File[]) {
    const list = [...files]
    const taken = list.slice(0, Math.max(0, room.value))
    pending.value.push(...taken.map(file => fresh(file.name, file)))
    void run()
    return list.length - taken.length
  }

  function retry(key: number) {
    const p = pending.value.find(x => x.key === key)
    if (p) {
      Object.assign(p, { state: 'waiting', progress: 0, error: '' })
      void run()
    }
  }

  const discard = (key: number) => {
    const p = pending.value.find(x => x.key === key)
    pending.value = pending.value.filter(x => x.key !== key)
    if (p)
      forget(p)
  }
  const remove = (id: string) => { done.value = done.value.filter(a => a.id !== id) }

  /** The files a reload left waiting, read back from the phone and sent again. */
  async function restore(list: KeptFile[]) {
    for (const k of list) {
      const blob = await keptFile(k.key).catch(() => undefined)
      const p = Object.assign(fresh(k.name, null), { blob: blob ?? null, kept: k, thumb: k.thumb })
      pending.value.push(p)
      if (!blob) { // cleared with the browser's data: say so, rather than let the form go without it
        Object.assign(p, { state: 'failed', error: messageFor('FILE_GONE') })
        forget(p)
      }
    }
    void run()
  }
  if (kept && kept.value.length > 0)
    void restore(kept.value)

  // Back online: files that failed for want of a network go by themselves.
  const retryAll = () => pending.value.filter(p => p.state === 'failed' && p.retryable).forEach(p => retry(p.key))
  window.addEventListener('online', retryAll)
  onScopeDispose(() => window.removeEventListener('online', retryAll))

  return { pending, busy, room, add, retry, discard, remove }
}
