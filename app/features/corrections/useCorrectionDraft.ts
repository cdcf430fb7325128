import type { KeptFile } from '../../outbox/store.ts'
import type { DraftAttachment } from '../complaints/useComplaintDraft.ts'
import { reactive, watch } from 'vue'
import { newRequestId } from '../../api/client.ts'
import { forgetFile } from '../../outbox/store.ts'

export interface CorrectionDraft {
  requestId: string
  fields: string[]
  values: Record<string, string>
  reason: string
  files: DraftAttachment[]
  /** Proofs picked but not yet taken by the server (offline, say); kept in IndexedDB (outbox/store.ts). */
  waiting: KeptFile[]
}

export const correctionDraftKey = (accountId: string, recordId: string) => `xjt.correctionDraft.${accountId}.${recordId}`

/** What POST /api/corrections takes, from the draft. */
export function toCorrectionInput(recordId: string, draft: CorrectionDraft) {
  return {
    requestId: draft.requestId,
    recordId,
    items: draft.fields.map(field => ({ field, requestedValue: draft.values[field] ?? '' })),
    reason: draft.reason,
    attachmentIds: draft.files.map(f => f.id),
  }
}

const written = (d: CorrectionDraft) => Object.values(d.values).some(v => !!v?.trim()) || !!d.reason.trim() || d.files.length > 0 || d.waiting.length > 0

/**
 * A correction being written, kept on the phone per person and record so it survives a closed tab
 * or a lost network; the request id is kept too, so a retry cannot file it twice. Sign-out wipes it.
 */
export function useCorrectionDraft(accountId: string, recordId: string, field?: string) {
  const key = correctionDraftKey(accountId, recordId)
  const kept = (() => {
    try {
      return JSON.parse(localStorage.getItem(key) ?? 'null') as CorrectionDraft | null
    }
    catch {
      return null
    }
  })()
  const draft = reactive<CorrectionDraft>({ requestId: newRequestId(), fields: [], values: {}, reason: '', files: [], waiting: [], ...kept })
  if (field && !draft.fields.includes(field))
    draft.fields.push(field)
  // design: only what the person wrote is kept: a form opened and left is no draft to restore later.
  const stop = watch(draft, () => {
    try {
      if (written(draft))
        localStorage.setItem(key, JSON.stringify(draft))
      else localStorage.removeItem(key)
    }
    catch {
      // A full store only means the draft lives as long as this page.
    }
  }, { deep: true, immediate: true })
  function clear() {
    stop()
    localStorage.removeItem(key)
    draft.waiting.forEach(f => void forgetFile(f.key))
  }
  return { draft, restored: kept !== null, clear }
}
