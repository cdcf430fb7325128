import type { CertificateApplyInput } from '#shared/schemas/certificates.ts'
import type { CertificateDraft } from './certificateDraft.ts'
import type { CertificateRequestView } from './useCertificates.ts'
import { reactive, ref, watch } from 'vue'
import { certificateApplySchema } from '#shared/schemas/certificates.ts'
import { ApiError, issueText, newRequestId } from '../../api/client.ts'
import { useFieldErrors } from '../../components/fieldErrors.ts'
import { submitForm } from '../../outbox/outbox.ts'
import { useSessionStore } from '../../stores.ts'
import { certificateDraftKey } from './certificateDraft.ts'

/** Refusals without a field path, and the field the person can put right. */
const codeFields: Record<string, string> = {
  SIGNATURE_NAME_MISMATCH: 'statement.signedName',
  OCCURRED_IN_FUTURE: 'occurredOn',
  OCCURRED_BEFORE_DIPLOMA: 'occurredOn',
}

/** Which draft value each field message is about (anything else: the whole draft). */
const fieldValues: Record<string, (d: CertificateDraft) => unknown> = {
  'loss': d => d.loss,
  'occurredOn': d => d.occurredOn,
  'circumstances': d => d.circumstances,
  'statement.signedName': d => d.signedName,
  'statement.agreed': d => d.agreed,
}

const parse = (d: CertificateDraft) => certificateApplySchema.safeParse(toInput(d))

/** Every problem at once, by the schema the server uses, so the words are the same before and after sending. */
function issues(parsed: ReturnType<typeof parse>) {
  const found: Record<string, string> = {}
  for (const i of parsed.success ? [] : parsed.error.issues)
    found[i.path.join('.')] ??= issueText(i.message)
  return found
}

function toInput(d: CertificateDraft) {
  return {
    requestId: d.requestId,
    loss: d.loss,
    occurredOn: d.occurredOn || undefined, // "please fill in", not "wrong format", when nothing was picked
    circumstances: d.circumstances,
    statement: { signedName: d.signedName, agreed: d.agreed },
  }
}

/**
 * The application form for one record. The draft (with its requestId) lives in this tab's
 * sessionStorage, so a reload or a retry after a lost answer sends the same requestId and the
 * server files one request; it goes when the outbox has the request (outbox/outbox.ts), which with
 * no network keeps it on the phone and sends it when the network returns.
 */
export function useCertificateApply(recordId: string) {
  const key = certificateDraftKey(recordId)
  const session = useSessionStore()
  let saved: CertificateDraft | null = null
  try {
    saved = JSON.parse(sessionStorage.getItem(key) ?? 'null')
  }
  catch {}
  const draft = reactive<CertificateDraft>(saved ?? { requestId: newRequestId(), loss: null, occurredOn: '', circumstances: '', signedName: '', agreed: false })
  watch(draft, d => sessionStorage.setItem(key, JSON.stringify(d)), { deep: true })
  const { errors, show } = useFieldErrors(() => issues(parse(draft)), path => (fieldValues[path] ?? (d => ({ ...d, requestId: '' })))(draft))
  const general = ref('')
  const busy = ref(false)

  /** The filed request; 'queued' when it waits on the phone for a network; null when something needs putting right. */
  async function submit(): Promise<CertificateRequestView | 'queued' | null> {
    if (busy.value)
      return null
    general.value = ''
    const parsed = parse(draft)
    show(issues(parsed))
    if (!parsed.success)
      return null
    busy.value = true
    try {
      const me = session.me!
      const about = me.bindings.find(b => b.recordId === recordId)?.studentName ?? ''
      const tried = await submitForm({ id: draft.requestId, kind: 'certificate', accountId: me.accountId, payload: { recordId, input: parsed.data satisfies CertificateApplyInput, draft: { ...draft } }, about, sent: [], waiting: [] })
      if (tried.state !== 'refused') {
        sessionStorage.removeItem(key)
        return tried.state === 'filed' ? tried.filed.answer as CertificateRequestView : 'queued'
      }
      const e = tried.failure
      if (!(e instanceof ApiError)) {
        general.value = String(e)
        return null
      }
      const field = codeFields[e.code]
      show({ ...Object.fromEntries(e.issues.map(i => [i.path, i.message]).reverse()), ...(field ? { [field]: e.message } : {}) })
      if (!field && !e.issues.length)
        general.value = e.message
      if (e.code === 'REQUEST_ID_REUSED')
        draft.requestId = newRequestId()
      return null
    }
    finally {
      busy.value = false
    }
  }

  return { draft, errors, general, busy, submit }
}
