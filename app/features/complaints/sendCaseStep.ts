import type { CaseStepKind, OutboxEntry } from '../../outbox/store.ts'
import { api, call } from '../../api/client.ts'
import { withinSendTime } from '../../outbox/store.ts'
import { caseStepDraftKey, hasStepContent, loadStepDraft, saveStepDraft } from './caseStepDraft.ts'

/** A step as the outbox keeps it: the case, and the words or the choice. Files travel as the entry's. */
export interface CaseStepPayload { caseId: string, text: string }

function post(kind: CaseStepKind, id: string, requestId: string, text: string, attachmentIds: string[]) {
  const init = withinSendTime()
  const step = api.complaints[':id']
  if (kind === 'info')
    return step.info.$post({ param: { id }, json: { requestId, answer: text, attachmentIds } }, init)
  if (kind === 'rating')
    return step.rating.$post({ param: { id }, json: { requestId, rating: text as 'satisfied' } }, init)
  return step.objection.$post({ param: { id }, json: { requestId, reason: text } }, init)
}

export async function send(e: OutboxEntry) {
  const { caseId, text } = e.payload as CaseStepPayload
  const view = await call(post(e.kind as CaseStepKind, caseId, e.id, text, e.sent.map(f => f.id)))
  return { href: `/complaints/${caseId}`, answer: view }
}

/** Back to the case, the words and files in the step's draft; a rating is simply offered again. */
export function reopen(e: OutboxEntry) {
  const { caseId, text } = e.payload as CaseStepPayload
  const kind = e.kind as CaseStepKind
  if (kind !== 'rating') {
    const key = caseStepDraftKey(e.accountId, caseId, kind)
    if (hasStepContent(loadStepDraft(key)))
      return null
    saveStepDraft(key, { text, files: e.sent, waiting: e.files })
  }
  return `/complaints/${caseId}`
}
