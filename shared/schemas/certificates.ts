import { z } from 'zod'
import { isIsoDate } from '../calendar/isoDate.ts'
import { line, text } from './text.ts'

/** 'YYYY-MM' or 'YYYY-MM-DD': people often remember only the month a diploma went missing. */
export const lossDateSchema = line({ error: '请填写遗失或损毁的时间' }).trim().regex(/^\d{4}-\d{2}(-\d{2})?$/, '时间请写成“年-月”或“年-月-日”，例如 2026-03 或 2026-03-15').refine(v => isIsoDate(v.length === 7 ? `${v}-01` : v), '这个日期不存在，请核对')

/** A student's written application for a 学历证明书 (001:4(7), 002:19, 003:19). */
export const certificateApplySchema = z.object({
  requestId: z.uuid('请求编号无效'),
  loss: z.enum(['lost', 'damaged'], { message: '请选择毕业证书是遗失还是损毁' }),
  occurredOn: lossDateSchema,
  circumstances: text(10, 1000, '遗失或损毁的经过（至少 10 个字）'),
  statement: z.object({
    signedName: line({ error: '请输入您的姓名作为签名' }).trim().min(1, '请输入您的姓名作为签名').max(50, '姓名过长'),
    agreed: z.literal(true, { message: '请阅读声明并勾选“本人承诺以上情况属实”' }),
  }, { error: '请签署声明' }),
})
export type CertificateApplyInput = z.infer<typeof certificateApplySchema>

export const certificateReasonSchema = z.object({ reason: text(2, 500, '理由') })

/** The public check: the holder's name as printed on the certificate. */
export const verifyQuerySchema = z.object({
  name: line({ error: '请输入持证人姓名' }).trim().min(1, '请输入持证人姓名').max(50, '姓名过长'),
})
