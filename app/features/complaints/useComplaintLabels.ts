import type { CaseView } from '../../api/types.ts'
import { useI18n } from 'petite-vue-i18n'
import { statusLabels } from '#shared/complaints/caseMachine.ts'
import { complaintCategories } from '#shared/complaints/categories.ts'
import { clockWords } from '#shared/complaints/clockWords.ts'
import { day } from '../../components/dates.ts'
import { shanghaiTime } from '../../components/format.ts'
import { hasMessage } from '../../i18n/index.ts'

/** Status in words plus an icon and a tone that is never the only signal (STYLE: 状态用文字 + 图标). */
export const statusLook: Record<string, { icon: string, tone: 'wait' | 'busy' | 'you' | 'done' | 'stop' }> = {
  received: { icon: 'clock-o', tone: 'wait' },
  assigned: { icon: 'underway-o', tone: 'busy' },
  reported: { icon: 'underway-o', tone: 'busy' }, // officers only: the complainant reads 办理中
  awaitingInfo: { icon: 'warning-o', tone: 'you' },
  closed: { icon: 'passed', tone: 'done' },
  rejected: { icon: 'close', tone: 'stop' },
  merged: { icon: 'link-o', tone: 'stop' },
}

// The hints carry a citation for officers, e.g. "（004:1）"; a parent reading on a phone does not need it.
const withoutCitation = (hint: string) => hint.replace(/（[^（）\d]*\d{3}[^（）]*）$/, '')

/** Words for a complaint's category, status, clock and dates, in the current language. */
export function useComplaintLabels() {
  const { t, locale } = useI18n()
  const zh = () => locale.value === 'zh-CN'
  // design: the one date format of every screen, in both languages (issue 13 item 9): 2026-12-02, a
  // due date as written, a moment on its Beijing day; printed sheets keep the formal 2026 年 12 月 2 日.
  const date = (iso: string) => (iso.length === 10 ? iso : day(iso))
  return {
    category: (code: string) => (!zh() && hasMessage(`complaints.category.${code}.label`)
      ? t(`complaints.category.${code}.label`)
      : complaintCategories.find(c => c.code === code)?.label ?? code),
    hint: (code: string) => (!zh() && hasMessage(`complaints.category.${code}.hint`)
      ? t(`complaints.category.${code}.hint`)
      : withoutCitation(complaintCategories.find(c => c.code === code)?.hint ?? '')),
    status: (s: string) => (!zh() && hasMessage(`complaints.status.${s}`) ? t(`complaints.status.${s}`) : statusLabels[s as keyof typeof statusLabels] ?? s),
    /** "剩余 3 个工作日", due today, overdue and paused said plainly, "预计…前受理" while waiting; '' when no clock runs. */
    clock: (clock: CaseView['clock']) => clockWords(clock, t, 'complaints', date),
    date,
    dateTime: shanghaiTime,
  }
}
