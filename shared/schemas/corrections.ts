import { z } from 'zod'
import { isoDateSchema } from '../calendar/index.ts'
import { disputableFields } from '../recordFields.ts'
import { line, multiline } from './text.ts'

export const correctionInputSchema = z.object({
  requestId: z.uuid('请求编号无效'),
  recordId: z.uuid('学籍编号无效'),
  items: z.array(z.object({
    field: line().refine(f => disputableFields.includes(f), '不能更正此项'),
    requestedValue: line().trim().min(1, '请填写正确的内容').max(200, '内容过长'),
  })).min(1, '请至少选择一项要更正的信息').max(10, '一次最多更正 10 项'),
  reason: multiline().trim().min(4, '请说明更正原因').max(1000, '原因请控制在 1000 字以内'),
  attachmentIds: z.array(z.uuid()).max(10, '最多上传 10 个文件').default([]),
})

export const correctionDecisionSchema = z.object({
  decision: z.enum(['approve', 'reject', 'notAccepted'], { message: '请选择办理意见' }),
  reason: multiline().trim().max(1000).default(''),
})

export const officialEntrySchema = z.object({
  enteredOn: isoDateSchema,
  operator: line().trim().min(1, '请填写操作人').max(50),
  reference: line().trim().min(1, '请填写业务编号').max(100),
})
