import type { CertificateApplyInput } from '#shared/schemas/certificates.ts'
import type { OutboxEntry } from '../../outbox/store.ts'
import type { CertificateDraft } from './certificateDraft.ts'
import { api, call } from '../../api/client.ts'
import { withinSendTime } from '../../outbox/store.ts'
import { certificateDraftKey } from './certificateDraft.ts'

/** The request as the outbox keeps it: what is sent, and the draft to reopen if it is refused. */
export interface CertificatePayload { recordId: string, input: CertificateApplyInput, draft: CertificateDraft }

export async function send(e: OutboxEntry) {
  const { recordId, input } = e.payload as CertificatePayload
  const view = await call(api.records[':id']['certificate-requests'].$post({ param: { id: recordId }, json: input }, withinSendTime()))
  return { href: `/certificate-requests/${view.id}`, answer: view }
}

/** Back to the application form (this tab's draft), unless another one is being written there. */
export function reopen(e: OutboxEntry) {
  const { recordId, draft } = e.payload as CertificatePayload
  const writing = JSON.parse(sessionStorage.getItem(certificateDraftKey(recordId)) ?? 'null') as CertificateDraft | null
  if (writing && (writing.circumstances || writing.signedName))
    return null
  sessionStorage.setItem(certificateDraftKey(recordId), JSON.stringify(draft))
  return `/records/${recordId}/certificate/new`
}
