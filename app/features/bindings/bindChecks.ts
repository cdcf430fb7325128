import { bindSchema } from '#shared/schemas/bindings.ts'
import { issueText } from '../../i18n/index.ts'

/** Where a path's message shows: the child's one box takes an ID number or a 学籍号. */
export const placeOf = (path: string) => (path === 'childRegistryNo' ? 'childIdNumber' : path)

/** Every problem of the form at once, by the very schema the server checks it with. */
export function bindIssues(body: unknown) {
  const parsed = bindSchema.safeParse(body)
  const found: Record<string, string> = {}
  for (const i of parsed.success ? [] : parsed.error.issues)
    found[placeOf(i.path.join('.'))] ??= issueText(i.message)
  return found
}
