import type { CaseView } from '../../api/types.ts'
import { useI18n } from 'petite-vue-i18n'
import { clockWords } from '#shared/complaints/clockWords.ts'
import { useComplaintLabels } from '../complaints/useComplaintLabels.ts'

/** An officer's words for a case: category and status as the complainant reads them (a report awaiting review said as such), the clock in desk terms. */
export function useCaseLabels() {
  const { t } = useI18n()
  const { category, status } = useComplaintLabels()
  return {
    category,
    status: (s: string) => (s === 'reported' ? t('cases.statusReported') : status(s)),
    clock: (clock: CaseView['clock']) => clockWords(clock, t, 'cases'),
  }
}
