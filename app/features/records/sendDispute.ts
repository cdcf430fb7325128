import type { OutboxEntry } from '../../outbox/store.ts'
import { api, call } from '../../api/client.ts'
import { withinSendTime } from '../../outbox/store.ts'

/** A field marked wrong, as the outbox keeps it. */
export interface DisputePayload { recordId: string, field: string, explanation: string }

/**
 * What the person is writing in the dispute sheet, kept as typed so a reload or a refusal loses
 * nothing (design). One per record; wiped at sign-out.
 */
export const disputeDraftKey = (accountId: string, recordId: string) => `xjt.disputeDraft.${accountId}.${recordId}`

export function loadDisputeDraft(key: string): { field: string, explanation: string } | null {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') as { field: string, explanation: string } | null
  }
  catch {
    return null
  }
}

export async function send(e: OutboxEntry) {
  const { recordId, field, explanation } = e.payload as DisputePayload
  await call(api.records[':id'].disputes.$post({ param: { id: recordId }, json: { requestId: e.id, field, explanation } }, withinSendTime()))
  return { href: `/records/${recordId}` }
}

/** Back to the record with the sheet open on its field and the words as they were. */
export function reopen(e: OutboxEntry) {
  const { recordId, field, explanation } = e.payload as DisputePayload
  const key = disputeDraftKey(e.accountId, recordId)
  if (loadDisputeDraft(key)?.explanation.trim())
    return null
  localStorage.setItem(key, JSON.stringify({ field, explanation }))
  return `/records/${recordId}?dispute=${encodeURIComponent(field)}`
}
