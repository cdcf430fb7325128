import type { KeptFile, SentFile } from '../../outbox/store.ts'
import { reactive, watch } from 'vue'
import { newRequestId } from '../../api/client.ts'
import { forgetFile } from '../../outbox/store.ts'

export type Gender = '' | '男' | '女'
export type DraftAttachment = SentFile
export interface ComplaintDraft {
  version: 1
  /** Kept until the server confirms, so a retry after a timeout or a double tap files one complaint. */
  requestId: string
  step: number
  complainant: { name: string, gender: Gender, age: string, ethnicity: string, idNumber: string, phone: string, idOnRecord?: string }
  student: { name: string, gender: Gender, age: string, ethnicity: string, registryNo: string, idNumber: string, recordId: string | null, idOnRecord?: string, registryOnRecord?: string }
  schoolQuery: string
  school: { id: string, name: string } | null
  category: string
  description: string
  attachments: DraftAttachment[]
  /** Files picked but not yet taken by the server (offline, say); kept in IndexedDB (outbox/store.ts). */
  waiting: KeptFile[]
}

// One draft per account on this device, so a shared family phone does not mix two people's drafts.
const storageKey = (accountId: string) => `xjt.complaintDraft.${accountId}`

function emptyDraft(): ComplaintDraft {
  const person = { name: '', gender: '' as Gender, age: '', ethnicity: '', idNumber: '' }
  return {
    version: 1,
    requestId: newRequestId(),
    step: 0,
    complainant: { ...person, phone: '' },
    student: { ...person, registryNo: '', recordId: null },
    schoolQuery: '',
    school: null,
    category: '',
    description: '',
    attachments: [],
    waiting: [],
  }
}

export function loadDraft(accountId: string): ComplaintDraft | null {
  try {
    const stored = JSON.parse(localStorage.getItem(storageKey(accountId)) ?? 'null') as ComplaintDraft | null
    return stored?.version === 1 ? { ...emptyDraft(), ...stored } : null
  }
  catch {
    return null
  }
}

/** Whether the person has put anything in beyond what the app filled in itself. */
export function hasContent(d: ComplaintDraft) {
  return !!(d.complainant.idNumber || d.student.name || d.school || d.category || d.description || d.attachments.length || d.waiting.length)
}

export function saveDraft(accountId: string, draft: ComplaintDraft) {
  try {
    localStorage.setItem(storageKey(accountId), JSON.stringify(draft))
  }
  catch { // storage full: keep the words and ids, drop the thumbnails
    const bare = (files: { thumb: string | null }[]) => files.map(a => ({ ...a, thumb: null }))
    localStorage.setItem(storageKey(accountId), JSON.stringify({ ...draft, attachments: bare(draft.attachments), waiting: bare(draft.waiting) }))
  }
}

/**
 * The complaint being written, saved to this device as it is typed: a closed tab, a dead battery or
 * a dropped connection loses nothing. Cleared only once the outbox has the complaint (outbox/outbox.ts).
 */
export function useComplaintDraft(accountId: string) {
  const stored = loadDraft(accountId)
  const draft = reactive<ComplaintDraft>(stored ?? emptyDraft())
  const stop = watch(draft, () => saveDraft(accountId, draft), { deep: true, flush: 'sync' })
  function clear() {
    stop()
    localStorage.removeItem(storageKey(accountId))
    draft.waiting.forEach(f => void forgetFile(f.key))
  }
  return { draft, restored: !!stored && hasContent(stored), clear }
}
