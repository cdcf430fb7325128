import { z } from 'zod'
import { disputableFields } from '../recordFields.ts'
import { line, multiline } from './text.ts'

export const disputeSchema = z.object({
  requestId: z.uuid('请求编号无效'),
  field: line().refine(f => disputableFields.includes(f), '不能对此项提出异议'),
  explanation: multiline().trim().min(2, '请简要说明哪里不对').max(500, '说明请控制在 500 字以内'),
})
export type DisputeInput = z.infer<typeof disputeSchema>
