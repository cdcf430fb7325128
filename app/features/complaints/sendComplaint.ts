import type { OutboxEntry } from '../../outbox/store.ts'
import type { ComplaintDraft } from './useComplaintDraft.ts'
import { api, call } from '../../api/client.ts'
import { withinSendTime } from '../../outbox/store.ts'
import { toInput } from './complaintInput.ts'
import { hasContent, loadDraft, saveDraft } from './useComplaintDraft.ts'

const REVIEW_STEP = 5 // stepNames in useComplaintForm.ts, not imported: that brings the form's checks

/** The complaint as the outbox keeps it: the draft at the moment of 提交, without its files. */
export const complaintPayload = (d: ComplaintDraft): ComplaintDraft => ({ ...d, attachments: [], waiting: [] })

export async function send(e: OutboxEntry) {
  const draft = { ...(e.payload as ComplaintDraft), attachments: e.sent }
  const view = await call(api.complaints.$post({ json: toInput(draft) }, withinSendTime()))
  return { href: `/complaints/${view.id}`, reference: view.reference }
}

/** Back to the form at its last step, with the files sent and those still on the phone. */
export function reopen(e: OutboxEntry) {
  const writing = loadDraft(e.accountId)
  if (writing && hasContent(writing))
    return null
  const draft = e.payload as ComplaintDraft
  saveDraft(e.accountId, { ...draft, attachments: e.sent, waiting: e.files, step: REVIEW_STEP })
  return '/complaints/new'
}
