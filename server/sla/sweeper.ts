import type { Deps } from '../http/context.ts'
import { sealAuditChain } from '../audit/chain.ts'
import { sweepCertificateRequests } from '../features/certificates/routes.ts'
import { sweep as sweepComplaints } from '../features/complaints/supervision.ts'
import { sweepCorrections } from '../features/corrections/sweep.ts'
import { describeError } from '../http/log.ts'

// Every working-day timer of the product, checked by one loop, and the audit log's sealer. Each is
// safe to run in several processes at once (conditional updates, an advisory lock), so every API instance may run it.
const sweeps: ((deps: Deps) => Promise<unknown>)[] = [sweepComplaints, sweepCorrections, sweepCertificateRequests, deps => sealAuditChain(deps.db)]

export async function sweepAll(deps: Deps) {
  for (const sweep of sweeps)
    await sweep(deps)
}

/** Runs the sweeps now (catching up after downtime) and then every `intervalMs`. */
export function startSweeper(deps: Deps, intervalMs = 60_000) {
  let running = false
  const tick = async () => {
    if (running)
      return
    running = true
    try {
      await sweepAll(deps)
    }
    catch (e) {
      deps.log.error(describeError(e), 'SLA sweeper failed; will retry')
    }
    finally {
      running = false
    }
  }
  void tick()
  const timer = setInterval(tick, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
