import type { Deps } from '../http/context.ts'
import { sealAuditChain } from '../audit/chain.ts'
import { forgetSpentSignIns } from '../auth/housekeeping.ts'
import { sweepCertificateRequests } from '../features/certificates/routes.ts'
import { sweep as sweepComplaints } from '../features/complaints/supervision.ts'
import { sweepCorrections } from '../features/corrections/sweep.ts'
import { pruneRecordPages } from '../features/records/storedPage.ts'
import { describeError } from '../http/log.ts'
import { runOutbox } from '../outbox/outbox.ts'

// Every working-day timer of the product, checked by one loop, the audit log's sealer, the stored
// record pages' change log, and what sign-in leaves behind. Each is safe to run in several processes at once (conditional updates, an
// advisory lock), so every API instance may run it.
const sweeps: [string, (deps: Deps) => Promise<unknown>][] = [
  ['complaints sweep', sweepComplaints],
  ['corrections sweep', sweepCorrections],
  ['certificate requests sweep', sweepCertificateRequests],
  ['audit chain sealer', deps => sealAuditChain(deps.db)],
  ['record pages prune', deps => pruneRecordPages(deps.db)],
  ['sign-in housekeeping', deps => forgetSpentSignIns(deps.db, deps.now())],
]

/** One pass of every sweep; what each did (due-soon notices and breaches, entries sealed), for the bench. */
export async function sweepAll(deps: Deps) {
  const done: unknown[] = []
  for (const [, sweep] of sweeps)
    done.push(await sweep(deps))
  return done
}

/**
 * The server's one scheduler: the outbox every `outboxEveryMs` (messages are claimed with SKIP LOCKED,
 * so every instance may send), the SLA sweeps now (catching up after downtime) and then every `intervalMs`.
 * The returned stop waits for a tick in progress, so a shutdown does not cut a send or a sweep short.
 */
export function startSweeper(deps: Deps, intervalMs = 60_000, opts: { outboxEveryMs?: number } = {}) {
  let current: Promise<void> | null = null
  let lastSweep = -Infinity
  const step = async (name: string, job: () => Promise<unknown>) => {
    try {
      await job()
    }
    catch (e) {
      deps.log.error(describeError(e), `${name} failed; will retry`)
    }
  }
  const tick = () => {
    if (current)
      return
    current = (async () => {
      await step('outbox', () => runOutbox(deps))
      if (Date.now() - lastSweep >= intervalMs) {
        lastSweep = Date.now()
        for (const [name, sweep] of sweeps) // one failing does not hold the others back
          await step(name, () => sweep(deps))
      }
    })().finally(() => { current = null })
  }
  tick()
  const timer = setInterval(tick, Math.min(intervalMs, opts.outboxEveryMs ?? 5_000))
  timer.unref()
  return async () => {
    clearInterval(timer)
    await current
  }
}
