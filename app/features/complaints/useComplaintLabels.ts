import type { CaseView } from '../../api/types.ts'
import { useI18n } from 'vue-i18n'
import { statusLabels } from '#shared/complaints/caseMachine.ts'
import { complaintCategories } from '#shared/complaints/categories.ts'

/** Status in words plus an icon and a tone that is never the only signal (STYLE: 状态用文字 + 图标). */
export const statusLook: Record<string, { icon: string, tone: 'wait' | 'busy' | 'you' | 'done' | 'stop' }> = {
  received: { icon: 'clock-o', tone: 'wait' },
  assigned: { icon: 'underway-o', tone: 'busy' },
  awaitingInfo: { icon: 'warning-o', tone: 'you' },
  closed: { icon: 'passed', tone: 'done' },
  rejected: { icon: 'close', tone: 'stop' },
  merged: { icon: 'link-o', tone: 'stop' },
}

// The hints carry a citation for officers, e.g. "（004:1）"; a parent reading on a phone does not need it.
const withoutCitation = (hint: string) => hint.replace(/（[^（）\d]*\d{3}[^（）]*）$/, '')

/** Words for a complaint's category, status, clock and dates, in the current language. */
export function useComplaintLabels() {
  const { t, te, locale } = useI18n()
  const zh = () => locale.value === 'zh-CN'
  const dateFormat = (options: Intl.DateTimeFormatOptions) => (iso: string) =>
    new Date(iso.length === 10 ? `${iso}T12:00:00+08:00` : iso).toLocaleString(zh() ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', ...options })
  const date = dateFormat({ year: 'numeric', month: 'long', day: 'numeric' })
  return {
    category: (code: string) => (!zh() && te(`complaints.category.${code}.label`)
      ? t(`complaints.category.${code}.label`)
      : complaintCategories.find(c => c.code === code)?.label ?? code),
    hint: (code: string) => (!zh() && te(`complaints.category.${code}.hint`)
      ? t(`complaints.category.${code}.hint`)
      : withoutCitation(complaintCategories.find(c => c.code === code)?.hint ?? '')),
    status: (s: string) => (!zh() && te(`complaints.status.${s}`) ? t(`complaints.status.${s}`) : statusLabels[s as keyof typeof statusLabels] ?? s),
    /** "剩余 3 个工作日", overdue and paused said plainly; '' when no sheet is running. */
    clock: (clock: CaseView['clock']) => {
      if (!clock)
        return ''
      if (clock.paused)
        return t('complaints.clock.paused')
      if (clock.overdue) { // past the close of the due day; over a weekend that is 0 working days late
        return -clock.workingDaysLeft > 0
          ? t('complaints.clock.overdue', { n: -clock.workingDaysLeft, date: date(clock.dueDate) })
          : t('complaints.clock.overdueToday', { date: date(clock.dueDate) })
      }
      return t('complaints.clock.left', { n: clock.workingDaysLeft, date: date(clock.dueDate) })
    },
    date,
    dateTime: dateFormat({ year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }),
  }
}
