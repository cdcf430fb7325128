import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SESSION_COOKIE } from '../../server/auth/session.ts'
import { lighthouseScores, scoreLine, underBudget } from '../budget/lighthouseScores.ts'
import { browserAvailable, startBrowserSession } from './harness.ts'
import { bindDaughter, mother, primary, signInByCode } from './kit.ts'

// Issue 13's Lighthouse budgets on sign-in, the record and the complaint form: accessibility ≥ 95
// and best practices ≥ 95 are held here. design: performance (≥ 90) is printed, not asserted: it is
// a timing, and timings live in benchmarks (`npm run budget` fails on it), not in tests.
describe.skipIf(!browserAvailable)('Lighthouse, mobile', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  beforeAll(async () => { session = await startBrowserSession() })
  afterAll(async () => { await session?.close() })

  it('scores sign-in, the record and the complaint form within the budgets', async () => {
    const { context } = await session.newPage()
    expect(await signInByCode(context.request, mother.phone!)).toBe(200)
    await bindDaughter(context.request)
    const cookie = (await context.cookies()).find(c => c.name === SESSION_COOKIE)!
    const results = await lighthouseScores(session.baseURL, `${cookie.name}=${cookie.value}`, primary.record.id)
    for (const r of results)
      console.warn(`[lighthouse] ${scoreLine(r)}`)
    expect(results.map(r => r.screen)).toEqual(['sign-in', 'record', 'complaint form'])
    expect(underBudget(results, ['accessibility', 'best-practices'])).toEqual([])
  }, 240_000)
})
