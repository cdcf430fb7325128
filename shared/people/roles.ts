/** Officer roles, the role column's values too (server/db/schema/accounts.ts). */
export const officerRoleList = ['registrar', 'officer', 'head', 'leader', 'admin'] as const
export type OfficerRole = (typeof officerRoleList)[number]
export type PeopleUnitKind = 'school' | 'county' | 'city' | 'province'

/**
 * The roles an account may hold at a kind of unit. design: a school's registry staff are 学籍管理员
 * (registrar); a bureau's are 经办人 (officer); 科室负责人 (head), 分管领导 (leader) and the unit's
 * account administrator (admin) exist at every level.
 */
export function rolesForUnit(kind: PeopleUnitKind): OfficerRole[] {
  return kind === 'school' ? ['registrar', 'head', 'leader', 'admin'] : ['officer', 'head', 'leader', 'admin']
}

/** Whether `role` may be given at a unit of this kind. */
export const roleFitsUnit = (role: OfficerRole, kind: PeopleUnitKind) => rolesForUnit(kind).includes(role)

/**
 * Why an administrator may not change an account, or null when they may. design: nobody changes
 * their own role or disables, re-enables or resets themselves, so no one raises their own rights;
 * their own password and phone they change on the security page.
 */
export function ownAccountRefusal(actorAccountId: string, targetAccountId: string): string | null {
  return actorAccountId === targetAccountId ? '不能修改自己账号的角色、状态或密码；修改本人密码请到“账号安全”' : null
}
