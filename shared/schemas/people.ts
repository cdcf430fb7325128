import { z } from 'zod'
import { officerRoleList } from '../people/roles.ts'
import { line } from './text.ts'

export const officerRoleSchema = z.enum(officerRoleList, { error: '请选择角色' })

/** A sign-in name: letters, digits, dots, dashes, underscores (as `npm run admin:create` checks). */
export const usernameSchema = line().trim().regex(/^[\w.-]{3,40}$/, '用户名为 3 到 40 位字母、数字、点、短横线或下划线')

/** An office line: digits with an optional area code and extension, e.g. 0371-66120001 or 0371-66120001-8021. */
export const officePhoneSchema = line().trim().regex(/^[\d-]{7,20}$/, '办公电话请填写数字，可带区号，如 0371-66120001')

export const accountCreateSchema = z.object({
  username: usernameSchema,
  displayName: line().trim().min(1, '请填写姓名').max(40, '姓名过长'),
  unitId: line().trim().min(1, '请选择单位').max(40),
  role: officerRoleSchema,
  officePhone: officePhoneSchema.optional(),
})

export const roleChangeSchema = z.object({ role: officerRoleSchema })

export const officePhoneChangeSchema = z.object({ officePhone: officePhoneSchema.nullable() })
