/**
 * `npm run budget`, second half: issue 13's Lighthouse budgets on the built app, served on loopback
 * with the demo data (performance ≥ 90, accessibility ≥ 95, best practices ≥ 95). Exits 1 when a
 * score is under its budget. Performance moves with the machine's load, which is why the browser
 * tests hold only the other two (test/browser/lighthouse.test.ts).
 */
import process from 'node:process'
import { featuredStudents } from '../../server/demo/generate.ts'
import { readEnv } from '../../server/env.ts'
import { serveApp } from '../../server/serve.ts'
import { lighthouseScores, scoreLine, underBudget } from './lighthouseScores.ts'

const primary = featuredStudents().find(f => f.key === 'primary')!
const mother = primary.guardians.find(g => g.isGuardian)!

const running = await serveApp({ ...readEnv({}), PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, { databaseUrl: 'memory://' })
const base = `http://127.0.0.1:${running.port}`

/** The mother's session cookie, signed in by code and bound to her daughter's record. */
async function motherSession() {
  const post = (path: string, body: unknown, cookie = '') => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'origin': base, cookie }, body: JSON.stringify(body) })
  await post('/api/auth/sms/send', { phone: mother.phone })
  const outbox = await (await post('/api/dev/sms-outbox', { phone: mother.phone })).json() as { messages: { code: string }[] }
  const code = outbox.messages[0]!.code
  const cookie = (await post('/api/auth/sms/verify', { phone: mother.phone, code })).headers.get('set-cookie')!.split(';')[0]!
  await post('/api/bindings', { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber, childName: primary.record.name, childIdNumber: primary.record.idNumber }, cookie)
  return cookie
}

try {
  const results = await lighthouseScores(base, await motherSession(), primary.record.id)
  for (const r of results)
    console.log(`[lighthouse] ${scoreLine(r)}`)
  const under = underBudget(results)
  console.log(under.length ? `[lighthouse] under budget: ${under.join('; ')}` : '[lighthouse] every score within budget')
  process.exitCode = under.length ? 1 : 0
}
finally {
  await running.close()
}
