import { z } from 'zod'
import { idNumberSchema } from './idNumber.ts'
import { line } from './text.ts'

// Kept apart from records.ts: the bind page checks with these, and with the dispute schema they would
// bring the list of record fields, which then left the record page's chunk for one of its own (issue 13,
// initial JavaScript: 214 bytes more before the record shows).
const personName = line().trim().min(1, '请输入姓名').max(50, '姓名过长')
const registryNo = line().trim().toUpperCase().regex(/^[A-Z0-9]{6,32}$/, '学籍号格式不正确')

export const bindSelfSchema = z.object({
  relation: z.literal('self'),
  name: personName,
  idNumber: idNumberSchema,
  registryNo: registryNo.optional(),
})

export const bindGuardianSchema = z.object({
  relation: z.literal('guardian'),
  guardianName: personName,
  guardianIdNumber: idNumberSchema,
  childName: personName,
  // design: a pupil on a temporary record (004:1) has no ID number yet; the guardian uses the 学籍号.
  childIdNumber: idNumberSchema.optional(),
  childRegistryNo: registryNo.optional(),
}).refine(v => v.childIdNumber || v.childRegistryNo, {
  message: '请输入孩子的身份证件号或学籍号',
  path: ['childIdNumber'],
  // Checked with the other fields' problems too, so an empty form names all of them at once.
  when: ({ value }) => typeof value === 'object' && value !== null,
})

export const bindSchema = z.discriminatedUnion('relation', [bindSelfSchema, bindGuardianSchema])
export type BindInput = z.infer<typeof bindSchema>
