import { describe, expect, it } from 'vitest'
import { officerRoles } from '../../server/db/schema/accounts.ts'
import { officerRoleList, ownAccountRefusal, roleFitsUnit, rolesForUnit } from '../../shared/people/roles.ts'

describe('officer roles (issue 12)', () => {
  it('the shared list is the column\'s list', () => {
    expect([...officerRoleList]).toEqual([...officerRoles])
  })

  it('a school has registrars, a bureau has officers; head, leader and admin exist everywhere', () => {
    expect(rolesForUnit('school')).toEqual(['registrar', 'head', 'leader', 'admin'])
    for (const kind of ['county', 'city', 'province'] as const)
      expect(rolesForUnit(kind)).toEqual(['officer', 'head', 'leader', 'admin'])
    expect(roleFitsUnit('officer', 'school')).toBe(false)
    expect(roleFitsUnit('registrar', 'county')).toBe(false)
    expect(roleFitsUnit('admin', 'school')).toBe(true)
  })

  it('nobody changes their own account through account management', () => {
    expect(ownAccountRefusal('a', 'a')).toMatch(/自己/)
    expect(ownAccountRefusal('a', 'b')).toBeNull()
  })
})
