import type { Ref } from 'vue'
import type { DraftAttachment } from './useComplaintDraft.ts'
import { computed, ref } from 'vue'
import { ApiError, errorText } from '../../api/client.ts'
import { MAX_BYTES, MAX_FILES, prepareFile, uploadFile } from './uploadFile.ts'

export interface PendingFile {
  key: number
  file: File
  thumb: string | null
  state: 'waiting' | 'preparing' | 'uploading' | 'failed'
  progress: number
  error: string
  /** A dropped connection or a server fault is worth another try; a refused file is not. */
  retryable: boolean
}

let nextKey = 1

/** Files being prepared and sent one by one; each finished one moves into `done` (the draft's list). */
export function useUploadQueue(done: Ref<DraftAttachment[]>) {
  const pending = ref<PendingFile[]>([])
  const busy = computed(() => pending.value.some(p => p.state !== 'failed'))
  const room = computed(() => MAX_FILES - done.value.length - pending.value.length)
  let running = false

  async function sendOne(p: PendingFile) {
    try {
      p.state = 'preparing'
      const { blob, thumb } = await prepareFile(p.file)
      p.thumb = thumb
      if (blob.size > MAX_BYTES)
        throw new ApiError(413, 'FILE_TOO_LARGE', '单个文件不能超过 10 MB')
      p.state = 'uploading'
      const name = thumb ? p.file.name.replace(/\.[^.]*$/, '.jpg') : p.file.name
      const uploaded = await uploadFile(blob, name, (n) => { p.progress = n })
      done.value = [...done.value, { ...uploaded, name: p.file.name, thumb }]
      pending.value = pending.value.filter(x => x.key !== p.key)
    }
    catch (e) {
      p.state = 'failed'
      p.error = errorText(e)
      p.retryable = !(e instanceof ApiError) || e.status === 0 || e.status >= 500
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

  /** Adds picked files; returns how many did not fit under the limit of 10. */
  function add(files: FileList | File[]) {
    const list = [...files]
    const taken = list.slice(0, Math.max(0, room.value))
    pending.value.push(...taken.map(file => ({ key: nextKey++, file, thumb: null, state: 'waiting' as const, progress: 0, error: '', retryable: false })))
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

  const discard = (key: number) => { pending.value = pending.value.filter(x => x.key !== key) }
  const remove = (id: string) => { done.value = done.value.filter(a => a.id !== id) }

  return { pending, busy, room, add, retry, discard, remove }
}
