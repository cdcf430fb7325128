import { z } from 'zod'
import { disputableFields } from '../recordFields.ts'
import { idNumberSchema } from './idNumber.ts'
import { line, multiline } from './text.ts'

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
}).refine(v => v.childIdNumber || v.childRegistryNo, { message: '请输入孩子的身份证件号或学籍号', path: ['childIdNumber'] })

export const bindSchema = z.discriminatedUnion('relation', [bindSelfSchema, bindGuardianSchema])
export type BindInput = z.infer<typeof bindSchema>

export const disputeSchema = z.object({
  requestId: z.uuid('请求编号无效'),
  field: line().refine(f => disputableFields.includes(f), '不能对此项提出异议'),
  explanation: multiline().trim().min(2, '请简要说明哪里不对').max(500, '说明请控制在 500 字以内'),
})
export type DisputeInput = z.infer<typeof disputeSchema>
