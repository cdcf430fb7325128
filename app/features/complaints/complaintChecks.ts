import type { ComplaintDraft } from './useComplaintDraft.ts'
import { complaintInputSchema } from '#shared/schemas/complaints.ts'
import { issueText } from '../../api/client.ts'
import { toInput } from './complaintInput.ts'
import { stepNames, stepOf } from './useComplaintForm.ts'

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
