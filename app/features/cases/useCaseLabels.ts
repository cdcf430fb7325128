import type { CaseView } from '../../api/types.ts'
import { useI18n } from 'vue-i18n'
import { useComplaintLabels } from '../complaints/useComplaintLabels.ts'

/** An officer's words for a case: category and status as the complainant reads them, the clock in desk terms. */
export function useCaseLabels() {
  const { t } = useI18n()
  const { category, status } = useComplaintLabels()
  return {
    category,
    status,
    clock: (clock: CaseView['clock']) => {
      if (!clock)
        return ''
      if (clock.paused)
        return t('cases.clock.paused')
      if (clock.overdue)
        return t('cases.clock.overdue', { n: Math.max(0, -clock.workingDaysLeft) })
      return t('cases.clock.left', { n: clock.workingDaysLeft, date: clock.dueDate })
    },
  }
}
