import type { InferResponseType } from 'hono/client'
import type { api } from '../../api/client.ts'
import { useI18n } from 'vue-i18n'
import { fieldLabel } from '#shared/recordFields.ts'

export type RecordView = InferResponseType<(typeof api.records)[':id']['$get'], 200>
export type RecordField = RecordView['student'][number]

/** A field's label in the current language; Chinese labels come from the form itself (004 附件1). */
export function useFieldLabel() {
  const { t, te, locale } = useI18n()
  return (field: string, short = false) => {
    const key = short ? `fields.${field.replace(/^guardian\d/, 'guardian')}` : `fields.${field}`
    return locale.value !== 'zh-CN' && te(key) ? t(key) : fieldLabel(field, short)
  }
}
