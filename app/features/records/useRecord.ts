import type { InferResponseType } from 'hono/client'
import type { Locale } from '#shared/recordFields.ts'
import type { api } from '../../api/client.ts'
import { useI18n } from 'petite-vue-i18n'
import { fieldLabel } from '#shared/recordFields.ts'
import { valueText } from '#shared/recordValues.ts'

export type RecordView = InferResponseType<(typeof api.records)[':id']['$get'], 200>
export type RecordField = RecordView['student'][number]

/** A field's label in the current language, from the one bilingual table in shared/recordFields.ts. */
export function useFieldLabel() {
  const { locale } = useI18n()
  return (field: string, short = false) => fieldLabel(field, short, locale.value as Locale)
}

/** A coded value (女, 汉族, 是 …) in the current language; names and addresses stay as registered; none is ''. */
export function useFieldValue() {
  const { locale } = useI18n()
  return (value: string | null) => (value ? valueText(value, locale.value as Locale) : '')
}
