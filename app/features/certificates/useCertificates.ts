import type { InferResponseType } from 'hono/client'
import { useI18n } from 'petite-vue-i18n'
import { api } from '../../api/client.ts'
import { useFieldLabel } from '../records/useRecord.ts'

export type RecordCertificates = InferResponseType<(typeof api.records)[':id']['certificates']['$get'], 200>
export type CertificateView = RecordCertificates['certificates'][number]
export type CertificateRequestView = RecordCertificates['requests'][number]

/** Icon and tone per status: the words and the icon carry the meaning, the colour only helps. */
export const statusLook: Record<string, { icon: string, tone: 'ok' | 'busy' | 'stop' }> = {
  valid: { icon: 'passed', tone: 'ok' },
  superseded: { icon: 'warning-o', tone: 'stop' },
  revoked: { icon: 'close', tone: 'stop' },
  pending: { icon: 'clock-o', tone: 'busy' },
  reviewed: { icon: 'todo-list-o', tone: 'busy' },
  issued: { icon: 'passed', tone: 'ok' },
  refused: { icon: 'close', tone: 'stop' },
}

export { errorText } from '../../api/client.ts'
export { day } from '../../components/dates.ts'

/** The PDF link: the typed client builds it, with the page's own origin. */
export const pdfHref = (id: string) => api.certificates[':file'].$url({ param: { file: `${id}.pdf` } }).href

/** Date and time as people in China read them, whatever the phone's time zone. */
export { shanghaiTime as when } from '../../components/format.ts'

export function useCertificateLabels() {
  const { t } = useI18n()
  const label = useFieldLabel()
  return {
    status: (s: string) => t(`certificates.status.${s}`),
    clock: (r: Pick<CertificateRequestView, 'clock'>) => !r.clock
      ? ''
      : r.clock.overdue
        ? t('certificates.clockOverdue', { date: r.clock.dueDate })
        : t('certificates.clockLeft', { n: r.clock.workingDaysLeft, date: r.clock.dueDate }),
    loss: (l: string) => t(`certificates.loss.${l}`),
    /** A correction of these printed fields is in progress: a certificate now prints them as registered. */
    correcting: (fields: string[], officer = false) => t(officer ? 'certificates.correctionInProgressOfficer' : 'certificates.correctionInProgress', { fields: fields.map(f => label(f)).join(t('common.listSeparator')) }),
  }
}
