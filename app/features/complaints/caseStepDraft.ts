import type { CaseStepKind, KeptFile, SentFile } from '../../outbox/store.ts'

/**
 * What the complainant is writing for a step on a case (an answer, an objection), kept in
 * localStorage so a reload or an entry reopened from the outbox finds it. Wiped at sign-out.
 */
export interface CaseStepDraft { text: string, files: SentFile[], waiting: KeptFile[] }

export const caseStepDraftKey = (accountId: string, caseId: string, kind: CaseStepKind) => `xjt.caseStepDraft.${accountId}.${caseId}.${kind}`

export function loadStepDraft(key: string): CaseStepDraft | null {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') as CaseStepDraft | null
  }
  catch {
    return null
  }
}

export const hasStepContent = (d: CaseStepDraft | null) => !!d && (d.text.trim() !== '' || d.files.length > 0 || d.waiting.length > 0)

export function saveStepDraft(key: string, d: CaseStepDraft) {
  if (hasStepContent(d))
    localStorage.setItem(key, JSON.stringify(d))
  else
    localStorage.removeItem(key)
}
