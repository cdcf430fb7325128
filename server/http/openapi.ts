import type { ZodType } from 'zod'
import { z } from '@hono/zod-openapi'

export const errorSchema = z.object({
  code: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  retryAfterSeconds: z.number().optional(),
  triesLeft: z.number().optional(),
  lockedUntil: z.string().optional(),
  errorId: z.string().optional(),
})

const errorResponse = (description: string) => ({ content: { 'application/json': { schema: errorSchema } }, description })

/** The errors any route may answer with, so the OpenAPI document lists them. */
export const commonErrors = {
  400: errorResponse('输入有误 (VALIDATION_FAILED 等)'),
  401: errorResponse('未登录 (UNAUTHENTICATED)'),
  403: errorResponse('无权操作'),
  404: errorResponse('不存在或不在管辖范围内'),
  409: errorResponse('状态冲突'),
  429: errorResponse('操作过于频繁'),
} as const

export function jsonBody<T extends ZodType>(schema: T) {
  return {
    body: { content: { 'application/json': { schema } }, required: true },
  }
}

export function jsonOk<T extends ZodType>(schema: T, description: string) {
  return {
    content: { 'application/json': { schema } },
    description,
  }
}

/** `{uuid}.pdf`: checked as a UUID here, so the database never sees a malformed id. */
export const pdfFileName = z.string().refine(f => f.endsWith('.pdf') && z.uuid().safeParse(f.slice(0, -4)).success, '文件名应为 编号.pdf')
