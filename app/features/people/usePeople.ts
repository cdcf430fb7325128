import type { InferResponseType } from 'hono/client'
import type { api } from '../../api/client.ts'
import { useI18n } from 'petite-vue-i18n'
import { hasMessage } from '../../i18n/index.ts'

export type PeopleAccount = InferResponseType<typeof api.admin.accounts.$get, 200>['accounts'][number]
export type PeopleUnit = InferResponseType<typeof api.admin.units.$get, 200>['units'][number]
export type PeopleChange = InferResponseType<typeof api.admin['account-changes']['$get'], 200>['entries'][number]
export type Role = PeopleAccount['role'] & string

/** The roles a unit of this kind has (the server's rule: shared/people/roles.ts). */
export { rolesForUnit } from '#shared/people/roles.ts'

/** Labels for roles, unit levels and change kinds, in the reader's language. */
export function usePeopleLabels() {
  const { t } = useI18n()
  return {
    roleLabel: (role: string | null) => (role && hasMessage(`cases.role.${role}`) ? t(`cases.role.${role}`) : (role ?? '')),
    actionLabel: (action: string) => (hasMessage(`people.actions.${action.replaceAll('.', '_')}`) ? t(`people.actions.${action.replaceAll('.', '_')}`) : action),
    kindLabel: (kind: string) => t(`people.kind.${kind}`),
  }
}
