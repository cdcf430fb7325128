import type { InjectionKey } from 'vue'
import type { ComplaintDraft } from './useComplaintDraft.ts'
import { inject, provide, ref } from 'vue'
import { complaintInputSchema } from '#shared/schemas/complaints.ts'
import { issueText } from '../../api/client.ts'
import { toInput } from './complaintInput.ts'
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

/** Checks one step with the very schema the server uses, so the messages are the same words. */
export function issuesFor(d: ComplaintDraft, step: number) {
  const parsed = complaintInputSchema.safeParse(toInput(d))
  const issues: Record<string, string> = {}
  for (const i of parsed.success ? [] : parsed.error.issues) {
    const path = i.path.join('.')
    if (stepOf(path) === step || (step === stepNames.length - 1 && stepOf(path) >= 0))
      issues[path] ??= issueText(i.message)
  }
  // The schema lets the server fill a parent's own number; the form asks for it unless the record has it.
  if ((step === 0 || step === stepNames.length - 1) && !d.complainant.idNumber.trim() && !d.complainant.idOnRecord)
    issues['complainant.idNumber'] ??= issueText('请输入身份证号码')
  return issues
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
