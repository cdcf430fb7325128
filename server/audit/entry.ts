import type { Db, Tx } from '../db/client.ts'
import { auditEvents } from '../db/schema/index.ts'

export interface AuditActor { accountId: string | null, unitId?: string | null, role?: string | null }

export interface AuditEntry {
  action: string
  recordId?: string | null
  object?: { type: 'complaint' | 'correction' | 'certificate' | 'sheet' | 'attachment' | 'record' | 'binding' | 'import' | 'account', id: string }
  /** What changed: before and after (masked where personal), or what was shown. */
  detail?: Record<string, unknown>
  clientIp?: string | null
  at?: Date
}

/**
 * Writes one audit entry. Pass the transaction of the change it records, so the change and its
 * entry commit or roll back together (issue 9: accountability).
 */
export async function audit(db: Db | Tx, actor: AuditActor, entry: AuditEntry) {
  await db.insert(auditEvents).values({
    ...(entry.at ? { at: entry.at } : {}),
    actorId: actor.accountId,
    actorUnitId: actor.unitId ?? null,
    actorRole: actor.role ?? null,
    action: entry.action,
    recordId: entry.recordId ?? null,
    objectType: entry.object?.type ?? null,
    objectId: entry.object?.id ?? null,
    clientIp: entry.clientIp ?? null,
    detail: entry.detail,
  })
}

/** The audit actor of a signed-in account. */
export function actorOf(s: { accountId: string, kind: string, unitId: string | null, role: string | null }): AuditActor {
  return { accountId: s.accountId, unitId: s.unitId, role: s.kind === 'citizen' ? 'citizen' : s.role }
}
