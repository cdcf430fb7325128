// A second 学历证明书 request for the same diploma is compared with the earlier ones (issue 10): a
// diploma first reported lost and then damaged, or lost on two different dates, is a contradiction
// the school must see before it issues (001:4(7): the college checks the written application).
import type { LossKind } from './statement.ts'

export interface Statement { loss: LossKind, occurredOn: string | null }
export type StatementConflict = 'loss' | 'occurredOn'

/**
 * How a later statement contradicts an earlier one about the same diploma: another kind of loss, or
 * another date for it (compared at the precision both give, so 2026-10 and 2026-10-05 agree).
 * design: a flag for the officer to weigh, never a refusal; a diploma can be found again.
 */
export function statementConflicts(earlier: Statement, later: Statement): StatementConflict[] {
  const found: StatementConflict[] = []
  if (earlier.loss !== later.loss)
    found.push('loss')
  if (earlier.occurredOn && later.occurredOn) {
    const n = Math.min(earlier.occurredOn.length, later.occurredOn.length)
    if (earlier.occurredOn.slice(0, n) !== later.occurredOn.slice(0, n))
      found.push('occurredOn')
  }
  return found
}
