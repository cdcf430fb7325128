import type { Locale } from '#shared/recordFields.ts'
import { useI18n } from 'petite-vue-i18n'
import { fieldLabel } from '#shared/recordFields.ts'
import { hasMessage } from '../../i18n/index.ts'
import { useComplaintLabels } from '../complaints/useComplaintLabels.ts'

export interface StoredNotice { kind: string, title: string, body: string, params: Record<string, unknown> | null }

/**
 * A notice's words in the reader's language. The server writes each notice in Chinese (the record
 * of what was sent, as its text messages are) and keeps the values it put in them (`params`); where
 * the reader's language has the notice's template (notices.inbox.<kind>), the notice is worded from
 * it, codes named in that language. Otherwise, as for notices stored before they kept their values,
 * the stored words show.
 */
export function useNoticeWords() {
  const { t, locale } = useI18n()
  const labels = useComplaintLabels()
  const word = (key: string, value: unknown): unknown => {
    if (key === 'category')
      return labels.category(String(value))
    if (key === 'fields')
      return (value as string[]).map(f => fieldLabel(f, false, locale.value as Locale)).join(', ')
    if (key === 'step') {
      const { unit, role } = value as { unit: string, role: string }
      return `${t(`notices.codes.unit.${unit}`)} ${t(`notices.codes.role.${role}`)}`
    }
    if (key === 'loss' || key === 'system')
      return t(`notices.codes.${key}.${value}`)
    return value
  }
  return (n: StoredNotice) => {
    const base = `notices.inbox.${n.kind.replace('.', '_')}`
    if (!n.params || !hasMessage(`${base}.title`))
      return { title: n.title, body: n.body }
    const values = Object.fromEntries(Object.entries(n.params).map(([k, v]) => [k, word(k, v)]))
    const key = (part: string) => (hasMessage(`${base}.${part}_${n.params!.variant}`) ? `${base}.${part}_${n.params!.variant}` : `${base}.${part}`)
    return { title: t(key('title'), values), body: t(key('body'), values) }
  }
}
