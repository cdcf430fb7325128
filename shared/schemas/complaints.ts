import { z } from 'zod'
import { complaintCategoryCodes } from '../complaints/categories.ts'
import { phoneSchema } from './auth.ts'
import { idNumberSchema } from './idNumber.ts'
import { line, multiline, text } from './text.ts'

const name = line().trim().min(1, '请填写姓名').max(50, '姓名过长')
const gender = z.enum(['男', '女'], { message: '请选择性别' })
const age = z.coerce.number({ message: '年龄请填数字' }).int('年龄请填整数').min(0, '年龄不能为负').max(120, '年龄超出范围').nullable()
const ethnicity = line().trim().min(1, '请填写民族').max(20)

// A complaint and the complainant's later steps carry a request id: the app's outbox resends them
// until an answer comes, and what the server already took is answered again, never taken twice.
const requestId = z.uuid('请求编号无效')

// design: left empty, the server takes a parent's own number from the guardian entry holding their phone (issue 13).
const optionalIdNumber = z.preprocess(v => (v === '' || v === null ? undefined : v), idNumberSchema.optional())
export const complainantSchema = z.object({ name, gender, age, ethnicity, idNumber: optionalIdNumber, phone: phoneSchema })
export const complaintStudentSchema = z.object({
  name,
  gender,
  age,
  ethnicity,
  registryNo: line().trim().toUpperCase().max(32).default(''),
  // 004:1: a pupil may have no ID number yet (that can be the very complaint); then the 学籍号 or the category says why.
  idNumber: optionalIdNumber,
  recordId: z.uuid().optional(),
})

export const complaintInputSchema = z.object({
  requestId,
  complainant: complainantSchema,
  student: complaintStudentSchema,
  schoolUnitId: line().min(1, '请选择学校'),
  category: z.enum(complaintCategoryCodes, { message: '请选择问题类型' }),
  description: text(10, 2000, '事情经过（至少 10 个字）'),
  attachmentIds: z.array(z.uuid()).max(10, '最多上传 10 个文件').default([]),
}).refine(v => v.student.idNumber || v.student.registryNo || v.student.recordId || v.category === 'refusedForNoId', {
  message: '请填写学生身份证号；孩子还没有身份证号的，请填学籍号',
  path: ['student', 'idNumber'],
  // Checked as soon as the student's own fields are, so the form says it on the student's step, not at submit.
  when: p => complaintStudentSchema.safeParse((p.value as { student?: unknown } | undefined)?.student).success,
})
export type ComplaintInput = z.infer<typeof complaintInputSchema>

export const reasonSchema = z.object({ reason: text(2, 500, '理由') })
export const objectionSchema = reasonSchema.extend({ requestId })
export const acceptSchema = z.object({
  handlingUnitId: line().min(1, '请选择承办单位'),
  handlerId: z.uuid('请选择承办人'),
  matter: text(2, 1000, '所投诉事项'),
})
export const linkSchema = z.object({ targetId: z.uuid('请选择要合并到的投诉') })
export const infoRequestSchema = z.object({ question: text(2, 500, '需要补充的内容') })
export const infoAnswerSchema = z.object({ requestId, answer: text(2, 2000, '补充说明'), attachmentIds: z.array(z.uuid()).max(10).default([]) })
export const extensionSchema = z.object({ days: z.number().int().min(1, '至少延期 1 个工作日').max(20, '一次最多延期 20 个工作日'), reason: text(2, 500, '延期理由') })
export const extensionDecisionSchema = z.object({ approve: z.boolean(), note: multiline().trim().max(500).default('') })
// The 承办单位's report; the 处理责任单位 closes a reported case without a body (its findings are the
// report), and writes findings only when it handled the case itself (design, caseMachine.ts).
export const reportSchema = z.object({ findings: text(10, 4000, '经核实的情况（至少 10 个字）') })
export const closeSchema = z.object({ findings: text(10, 4000, '经核实的情况（至少 10 个字）').optional() })
export const superviseSchema = z.object({ instructions: text(2, 2000, '办理意见') })
export const outcomeSchema = z.object({ outcome: text(10, 4000, '办理情况（至少 10 个字）') })
export const ratingSchema = z.object({ requestId, rating: z.enum(['satisfied', 'basicallySatisfied', 'unsatisfied'], { message: '请选择评价' }) })
