import type { DraftAttachment } from '../complaints/useComplaintDraft.ts'
import { reactive, watch } from 'vue'
import { newRequestId } from '../../api/client.ts'

export interface CorrectionDraft {
  requestId: string
  fields: string[]
  values: Record<string, string>
  reason: string
  files: DraftAttachment[]
}

/**
 * A correction being written, kept on the phone per person and record so it survives a closed tab
 * or a lost network; the request id is kept too, so a retry cannot file it twice. Sign-out wipes it.
 */
export function useCorrectionDraft(accountId: string, recordId: string, field?: string) {
  const key = `xjt.correctionDraft.${accountId}.${recordId}`
  const kept = (() => {
    try {
      return JSON.parse(localStorage.getItem(key) ?? 'null') as CorrectionDraft | null
    }
    catch {
      return null
    }
  })()
  const draft = reactive<CorrectionDraft>(kept ?? { requestId: newRequestId(), fields: [], values: {}, reason: '', files: [] })
  if (field && !draft.fields.includes(field))
    draft.fields.push(field)
  watch(draft, () => {
    try {
      localStorage.setItem(key, JSON.stringify(draft))
    }
    catch {
      // A full store only means the draft lives as long as this page.
    }
  }, { deep: true, immediate: true })
  return { draft, restored: kept !== null, clear: () => localStorage.removeItem(key) }
}
