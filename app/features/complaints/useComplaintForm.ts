import type { InjectionKey } from 'vue'
import { inject, provide, ref } from 'vue'
import { useComplaintDraft } from './useComplaintDraft.ts'

export const stepNames = ['complainant', 'student', 'school', 'category', 'story', 'review'] as const

/** Which step shows the field a server or schema issue names (`complainant.idNumber` → step 0). */
export function stepOf(path: string): number {
  const [head] = path.split('.')
  const at: Record<string, number> = { complainant: 0, student: 1, schoolUnitId: 2, category: 3, description: 4, attachmentIds: 4 }
  return at[head ?? ''] ?? -1
}

/** Refusals without a field path, and the step where the person can put them right. */
export const codeSteps: Record<string, { step: number, field: string }> = {
  RECORD_NOT_BOUND: { step: 1, field: 'student.recordId' },
  SCHOOL_UNKNOWN: { step: 2, field: 'schoolUnitId' },
  COMPLAINT_SCOPE: { step: 2, field: 'schoolUnitId' },
  ATTACHMENT_UNKNOWN: { step: 4, field: 'attachmentIds' },
}

/**
 * The form's checks (the shared zod schema, about 26 KB) load once the form is on screen, not before
 * it; 下一步 and 提交 wait for them if they have not arrived yet.
 */
let checks: Promise<typeof import('./complaintChecks.ts')> | null = null
export function loadChecks() {
  checks ??= import('./complaintChecks.ts').catch((e) => { // tried again at the next tap
    checks = null
    throw e
  })
  return checks
}

function createForm(accountId: string) {
  const { draft, restored, clear } = useComplaintDraft(accountId)
  const errors = ref<Record<string, string>>({})
  const uploading = ref(false)
  return { accountId, draft, restored, clear, errors, uploading }
}
export type ComplaintForm = ReturnType<typeof createForm>
const key: InjectionKey<ComplaintForm> = Symbol('complaintForm')

export function provideComplaintForm(accountId: string) {
  const form = createForm(accountId)
  provide(key, form)
  return form
}

export function useComplaintForm() {
  return inject(key)!
}
