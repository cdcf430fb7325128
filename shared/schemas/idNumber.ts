import { z } from 'zod'
import { parseIdNumber } from '../idNumber.ts'
import { line } from './text.ts'

// Apart from the rules in ../idNumber.ts, which screens use without loading zod (the complaint form's
// first download, issue 13).
/** Accepts what a person types; outputs the normalised number; issues carry `params.code`. */
export const idNumberSchema = line({ error: '请输入身份证号码' }).transform((raw, ctx) => {
  const parsed = parseIdNumber(raw)
  if (parsed.ok)
    return parsed.value.number
  ctx.addIssue({ code: 'custom', message: parsed.message, params: { code: parsed.code } })
  return z.NEVER
})
