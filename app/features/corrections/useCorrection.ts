import type { InferResponseType } from 'hono/client'
import type { api } from '../../api/client.ts'
import { useI18n } from 'petite-vue-i18n'

/** A correction as every list shows it; the page of one also says whether its reader may withdraw it. */
export type CorrectionPageView = InferResponseType<(typeof api.corrections)[':id']['$get'], 200>
export type CorrectionView = Omit<CorrectionPageView, 'canWithdraw'>

/** Words for a correction's status, decisions and clock. */
export function useCorrectionLabels() {
  const { t } = useI18n()
  return {
    status: (s: string, awaitingEntry = false) => (awaitingEntry ? t('corrections.awaitingEntry') : t(`corrections.status.${s}`)),
    decision: (d: string | null) => (d ? t(`corrections.decision.${d}`) : t('corrections.waiting')),
    clock: (c: CorrectionView) => (c.dueDate === null ? '' : c.overdue ? t('corrections.overdue', { date: c.dueDate }) : t('corrections.left', { n: c.workingDaysLeft, date: c.dueDate })),
  }
}
