import type { CaseView } from '../../api/types.ts'
import { complaintCategories } from '#shared/complaints/categories.ts'
import { statusLabels } from '#shared/complaints/caseMachine.ts'
import { useI18n } from 'vue-i18n'

/** Words for a case's category, status and clock, in the current language. */
export function useCaseLabels() {
  const { t, te, locale } = useI18n()
  const zh = () => locale.value === 'zh-CN'
  return {
    category: (code: string) => (!zh() && te(`cases.category.${code}`) ? t(`cases.category.${code}`) : complaintCategories.find(c => c.code === code)?.label ?? code),
    status: (s: string) => (!zh() && te(`cases.status.${s}`) ? t(`cases.status.${s}`) : statusLabels[s as keyof typeof statusLabels] ?? s),
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
