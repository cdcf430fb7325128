import type { OutboxEntry } from '../../outbox/store.ts'
import type { CorrectionDraft } from './useCorrectionDraft.ts'
import { api, call } from '../../api/client.ts'
import { withinSendTime } from '../../outbox/store.ts'
import { correctionDraftKey, toCorrectionInput } from './useCorrectionDraft.ts'

/** The correction as the outbox keeps it: the draft at 提交, with the record it is for. */
export interface CorrectionPayload { recordId: string, draft: CorrectionDraft }

export async function send(e: OutboxEntry) {
  const { recordId, draft } = e.payload as CorrectionPayload
  const json = toCorrectionInput(recordId, { ...draft, files: e.sent })
  const c = await call(api.corrections.$post({ json }, withinSendTime()))
  return { href: `/corrections/${c.id}` }
}

/** Back to the correction form, with the files sent and those still on the phone. */
export function reopen(e: OutboxEntry) {
  const { recordId, draft } = e.payload as CorrectionPayload
  const writing = JSON.parse(localStorage.getItem(correctionDraftKey(e.accountId, recordId)) ?? 'null') as CorrectionDraft | null
  if (writing && (writing.reason || writing.files.length || writing.waiting?.length))
    return null
  localStorage.setItem(correctionDraftKey(e.accountId, recordId), JSON.stringify({ ...draft, files: e.sent, waiting: e.files }))
  return `/records/${recordId}/corrections/new`
}
