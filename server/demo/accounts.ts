import type { Db } from '../db/client.ts'
import type { officerRoles } from '../db/schema/accounts.ts'
import type { World } from './world.ts'
import { z } from '@hono/zod-openapi'
import { and, eq, inArray } from 'drizzle-orm'
import { accounts, units } from '../db/schema/index.ts'
import { featuredStudents } from './generate.ts'
import { buildWorld } from './world.ts'

/** The one password of every demo officer (demo mode only). */
export const DEMO_PASSWORD = 'xjt-demo-2026'

type Role = (typeof officerRoles)[number]
export interface DemoOfficer { username: string, displayName: string, unitId: string, role: Role }

/**
 * Who works the featured students' cases (DOMAIN §1): two registrars at the featured primary,
 * vocational and college schools for 双岗 / dual control (003:5; a 学历证明书 is reviewed by one
 * and issued by the other), officer and head at the two county bureaus that run the featured
 * K-12 and vocational schools (003:5), and the levels above for 督办 (004:5) and 002:19.
 */
export function demoOfficers(world: World = buildWorld()): DemoOfficer[] {
  const f = world.featured
  return [
    { username: 'primary.registrar', displayName: '孙雅静', unitId: f.primary.unitId, role: 'registrar' },
    { username: 'primary.registrar2', displayName: '郑海燕', unitId: f.primary.unitId, role: 'registrar' },
    { username: 'junior.registrar', displayName: '杨志刚', unitId: f.junior.unitId, role: 'registrar' },
    { username: 'vocational.registrar', displayName: '范丽娟', unitId: f.vocational.unitId, role: 'registrar' },
    { username: 'vocational.registrar2', displayName: '孔德胜', unitId: f.vocational.unitId, role: 'registrar' },
    { username: 'college.registrar', displayName: '何文博', unitId: f.college.unitId, role: 'registrar' },
    { username: 'college.registrar2', displayName: '邓晓梅', unitId: f.college.unitId, role: 'registrar' },
    // 三级审签 at the college (000:2(1)): registrar, head of the registry office, leader in charge.
    { username: 'college.head', displayName: '曹建平', unitId: f.college.unitId, role: 'head' },
    { username: 'college.leader', displayName: '彭国庆', unitId: f.college.unitId, role: 'leader' },
    { username: 'zhongyuan.officer', displayName: '周建华', unitId: f.primary.registryAuthorityId, role: 'officer' },
    { username: 'zhongyuan.head', displayName: '马振国', unitId: f.primary.registryAuthorityId, role: 'head' },
    { username: 'xiangfu.officer', displayName: '田晓燕', unitId: f.vocational.registryAuthorityId, role: 'officer' },
    { username: 'xiangfu.head', displayName: '高永刚', unitId: f.vocational.registryAuthorityId, role: 'head' },
    { username: 'zhengzhou.city', displayName: '宋立新', unitId: 'u-410100', role: 'officer' },
    { username: 'kaifeng.city', displayName: '冯雪梅', unitId: 'u-410200', role: 'officer' },
    { username: 'henan.province', displayName: '郭建军', unitId: 'u-410000', role: 'officer' },
    // Account administrators (issue 12): each manages the officers of their unit and the units below.
    { username: 'primary.admin', displayName: '吴丽萍', unitId: f.primary.unitId, role: 'admin' },
    { username: 'zhongyuan.admin', displayName: '许国强', unitId: f.primary.registryAuthorityId, role: 'admin' },
    { username: 'zhengzhou.admin', displayName: '韩志远', unitId: 'u-410100', role: 'admin' },
    { username: 'province.admin', displayName: '林淑芬', unitId: 'u-410000', role: 'admin' },
  ]
}

export const demoAccountsSchema = z.object({
  password: z.string(),
  officers: z.array(z.object({ username: z.string(), displayName: z.string(), unitName: z.string(), role: z.string() })),
  students: z.array(z.object({
    name: z.string(),
    idNumber: z.string().nullable(),
    registryNo: z.string(),
    schoolName: z.string(),
    description: z.string(),
  })),
  guardians: z.array(z.object({ name: z.string(), idNumber: z.string(), phone: z.string(), childName: z.string() })),
}).openapi('DemoAccounts')
export type DemoAccounts = z.infer<typeof demoAccountsSchema>

/** The demo logins: officers as stored, students and parents as the seed generated them. */
export async function demoAccounts(db: Db): Promise<DemoAccounts> {
  const order = demoOfficers().map(o => o.username)
  const rows = await db.select({ username: accounts.username, displayName: accounts.displayName, unitName: units.name, role: accounts.role })
    .from(accounts)
    .innerJoin(units, eq(units.id, accounts.unitId))
    .where(and(eq(accounts.kind, 'officer'), inArray(accounts.username, order)))
  const officers = rows
    .map(r => ({ username: r.username ?? '', displayName: r.displayName ?? '', unitName: r.unitName, role: r.role ?? '' }))
    .sort((a, b) => order.indexOf(a.username) - order.indexOf(b.username))
  const featured = featuredStudents()
  return {
    password: DEMO_PASSWORD,
    officers,
    students: featured.map(s => ({
      name: s.record.name,
      idNumber: s.record.idNumber ?? null,
      registryNo: s.record.registryNo,
      schoolName: s.schoolName,
      description: s.description,
    })),
    // The parents who sign in: the recorded guardian of each child bound by a parent (003:20).
    guardians: featured.filter(s => s.boundBy === 'guardian').flatMap((s) => {
      const g = s.guardians.find(x => x.isGuardian)
      return g?.idNumber && g.phone ? [{ name: g.name, idNumber: g.idNumber, phone: g.phone, childName: s.record.name }] : []
    }),
  }
}

const ROLE_LABELS: Record<string, string> = { registrar: '学籍管理员', officer: '经办人', head: '科室负责人', leader: '分管领导', admin: '账号管理员' }
const width = (s: string, n: number) => s + ' '.repeat(Math.max(1, n - [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2E80 ? 2 : 1), 0)))

/** The block `npm start` prints under the URL. */
export function formatDemoLogins(a: DemoAccounts): string {
  const lines = [
    '',
    '演示账号 Demo logins（演示数据均为虚构 / all demo data is fictional）',
    '',
    `工作人员 Officers —— 用户名登录，密码 password: ${a.password}`,
    ...a.officers.map(o => `  ${width(o.username, 22)}${width(o.displayName, 8)}${o.unitName} · ${ROLE_LABELS[o.role] ?? o.role} (${o.role})`),
    '',
    '家长 Parents —— 用手机号登录（验证码在演示短信箱 / code in the demo SMS outbox），再按下列信息绑定孩子',
    ...a.guardians.map((g) => {
      const child = a.students.find(s => s.name === g.childName)
      const childNo = child?.idNumber ? `身份证 ${child.idNumber}` : `学籍号 ${child?.registryNo ?? ''}`
      return `  ${g.phone}  ${width(g.name, 8)}本人身份证 ${g.idNumber}  孩子 child: ${g.childName}（${childNo}）`
    }),
    '',
    '学生 Students —— 用任一手机号登录，本人绑定填姓名和身份证号 (sign in with any phone, bind with name + ID number)',
    ...a.students.map(s => `  ${width(s.name, 8)}${width(s.idNumber ?? `（无身份证，学籍号 ${s.registryNo}）`, 20)}${s.schoolName} · ${s.description}`),
    '',
  ]
  return lines.join('\n')
}
