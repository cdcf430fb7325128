import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import auditEn from '../../app/i18n/audit.en.json'
import auditZh from '../../app/i18n/audit.zh-CN.json'
import peopleEn from '../../app/i18n/people.en.json'
import peopleZh from '../../app/i18n/people.zh-CN.json'
import { caseActions } from '../../shared/complaints/caseMachine.ts'

// Every action the server writes into the audit log has a name people can read on the audit page,
// in both languages (issue 12 left new ones showing as `import.commit`).
function serverFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? serverFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [])
}
const written = new Set([
  ...serverFiles('server').flatMap(f => [...readFileSync(f, 'utf8').matchAll(/action: '([a-z]+\.[\w.]+)'/gi)].map(m => m[1]!)),
  ...caseActions.map(a => `case.${a}`),
])
const key = (action: string) => action.replaceAll('.', '_')

describe('audit action names', () => {
  it('finds the actions the server writes', () => {
    expect(written).toContain('import.commit')
    expect(written).toContain('account.totpReset')
    expect(written).toContain('case.sendBack')
  })
  it.each([['zh-CN', auditZh.names], ['en', auditEn.names]] as const)('every action has a name on the audit page (%s)', (_, names) => {
    expect([...written].filter(a => !(key(a) in names))).toEqual([])
  })
  it.each([['zh-CN', peopleZh.actions], ['en', peopleEn.actions]] as const)('every account change has a name on the people page (%s)', (_, names) => {
    expect([...written].filter(a => /^(?:account|unit)\./.test(a) && !(key(a) in names))).toEqual([])
  })
})
