import type { InferRequestType } from 'hono/client'
import type { api } from '../../api/client.ts'
import type { ComplaintDraft } from './useComplaintDraft.ts'

export type ComplaintInput = InferRequestType<typeof api.complaints.$post>['json']

const orNull = (age: string) => (age.trim() === '' ? null : age.trim())

export function toInput(d: ComplaintDraft): ComplaintInput {
  // idOnRecord is the masked number shown for a bound child; the server takes the real one from the record.
  const { recordId, idOnRecord: _shown, ...student } = d.student
  const { idOnRecord: _own, ...complainant } = d.complainant
  return {
    requestId: d.requestId,
    complainant: { ...complainant, age: orNull(complainant.age) },
    student: { ...student, age: orNull(student.age), ...(recordId ? { recordId } : {}) },
    schoolUnitId: d.school?.id ?? '',
    category: d.category,
    description: d.description,
    attachmentIds: d.attachments.map(a => a.id),
  } as ComplaintInput
}
