import { reactive, watch } from 'vue'
import { newRequestId } from '../../api/client.ts'

export type Gender = '' | '男' | '女'
export interface DraftAttachment { id: string, mime: string, size: number, name: string, thumb: string | null }
export interface ComplaintDraft {
  version: 1
  /** Kept until the server confirms, so a retry after a timeout or a double tap files one complaint. */
  requestId: string
  step: number
  complainant: { name: string, gender: Gender, age: string, ethnicity: string, idNumber: string, phone: string, idOnRecord?: string }
  student: { name: string, gender: Gender, age: string, ethnicity: string, registryNo: string, idNumber: string, recordId: string | null, idOnRecord?: string }
  schoolQuery: string
  school: { id: string, name: string } | null
  category: string
  description: string
  attachments: DraftAttachment[]
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
  return !!(d.complainant.idNumber || d.student.name || d.school || d.category || d.description || d.attachments.length)
}

/**
 * The complaint being written, saved to this device as it is typed: a closed tab, a dead battery or
 * a dropped connection loses nothing. Cleared only after the server has confirmed the complaint.
 */
export function useComplaintDraft(accountId: string) {
  const stored = loadDraft(accountId)
  const draft = reactive<ComplaintDraft>(stored ?? emptyDraft())
  const save = () => {
    try {
      localStorage.setItem(storageKey(accountId), JSON.stringify(draft))
    }
    catch { // storage full: keep the words and ids, drop the thumbnails
      localStorage.setItem(storageKey(accountId), JSON.stringify({ ...draft, attachments: draft.attachments.map(a => ({ ...a, thumb: null })) }))
    }
  }
  const stop = watch(draft, save, { deep: true, flush: 'sync' })
  function clear() {
    stop()
    localStorage.removeItem(storageKey(accountId))
  }
  return { draft, restored: !!stored && hasContent(stored), clear }
}
