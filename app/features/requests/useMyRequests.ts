import type { InferResponseType } from 'hono/client'
import { useI18n } from 'petite-vue-i18n'
import { api, call } from '../../api/client.ts'
import { useSessionStore } from '../../stores.ts'
import { useCertificateLabels } from '../certificates/useCertificates.ts'
import { useComplaintLabels } from '../complaints/useComplaintLabels.ts'
import { useCorrectionLabels } from '../corrections/useCorrection.ts'
import { useFieldLabel } from '../records/useRecord.ts'

type Answer = InferResponseType<(typeof api)['my-requests']['$get'], 200>

/** One line of 我的申请, whatever kind of request it is. */
export interface MyRequest {
  key: string
  kind: 'complaint' | 'correction' | 'certificate'
  to: string
  title: string
  who: string
  status: string
  clock: string
  late: boolean
  open: boolean
  due: string | null
  filed: string
  createdAt: string
}

/** design: what still runs comes first, soonest due first; what has ended follows, newest first. */
export function byUrgency(a: MyRequest, b: MyRequest) {
  if (a.open !== b.open)
    return a.open ? -1 : 1
  if (a.open && a.due !== b.due)
    return a.due === null ? 1 : b.due === null ? -1 : a.due.localeCompare(b.due)
  return b.createdAt.localeCompare(a.createdAt)
}

/** Loads a page of the person's requests and words each in the current language. */
export function loadMyRequests() {
  const { t } = useI18n()
  const session = useSessionStore()
  const complaint = useComplaintLabels()
  const correction = useCorrectionLabels()
  const certificate = useCertificateLabels()
  const field = useFieldLabel()
  const studentOf = (recordId: string) => session.me?.bindings.find(b => b.recordId === recordId)?.studentName ?? ''

  const lines = (a: Answer): MyRequest[] => [
    ...a.complaints.map(c => ({
      key: `c-${c.id}`,
      kind: 'complaint' as const,
      to: `/complaints/${c.id}`,
      title: complaint.category(c.category),
      who: `${c.studentName} · ${c.schoolName}`,
      status: complaint.status(c.status),
      clock: complaint.clock(c.clock),
      late: !!c.clock?.overdue,
      open: ['received', 'assigned', 'awaitingInfo', 'reported'].includes(c.status),
      due: c.clock?.dueDate ?? null,
      filed: complaint.date(c.createdAt),
      createdAt: c.createdAt,
    })),
    ...a.corrections.map(c => ({
      key: `k-${c.id}`,
      kind: 'correction' as const,
      to: `/corrections/${c.id}`,
      title: c.items.map(i => field(i.field)).join(t('common.listSeparator')),
      who: studentOf(c.recordId),
      status: correction.status(c.status, c.awaitingEntry),
      clock: correction.clock(c),
      late: c.overdue,
      open: c.status === 'pending' || c.awaitingEntry,
      due: c.dueDate,
      filed: complaint.date(c.createdAt),
      createdAt: c.createdAt,
    })),
    ...a.certificateRequests.map(r => ({
      key: `z-${r.id}`,
      kind: 'certificate' as const,
      to: `/certificate-requests/${r.id}`,
      title: t('requests.certificateTitle', { loss: certificate.loss(r.loss) }),
      who: `${r.studentName} · ${r.schoolName}`,
      status: certificate.status(r.status),
      clock: certificate.clock(r),
      late: !!r.clock?.overdue,
      open: r.status === 'pending' || r.status === 'reviewed',
      due: r.clock?.dueDate ?? null,
      filed: complaint.date(r.createdAt),
      createdAt: r.createdAt,
    })),
  ]
  return async (before?: string) => {
    const answer = await call(api['my-requests'].$get({ query: before ? { before } : {} }))
    return { items: lines(answer), next: answer.next }
  }
}
