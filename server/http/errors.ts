import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** One error shape everywhere: `{ code, message, issues? }`, message in Chinese. */
export interface ErrorBody {
  code: string
  message: string
  issues?: { path: string, code: string, message: string }[]
  retryAfterSeconds?: number
  /** Limits that count tries: how many are left before the lock, and when a lock ends. */
  triesLeft?: number
  lockedUntil?: string
  /** Set on 500s: the id under which the log keeps what went wrong. */
  errorId?: string
}

export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly extra: Partial<ErrorBody> = {},
  ) {
    super(message)
  }

  body(): ErrorBody {
    return { code: this.code, message: this.message, ...this.extra }
  }
}

export const notFound = (code: string, message: string) => new AppError(404, code, message)
export const conflict = (code: string, message: string) => new AppError(409, code, message)
export const forbidden = (code: string, message: string) => new AppError(403, code, message)
export const unauthorized = () => new AppError(401, 'UNAUTHENTICATED', '请先登录')
export function rateLimited(code: string, retryAfterSeconds: number) {
  return new AppError(429, code, `操作过于频繁，请在${formatWait(retryAfterSeconds)}后再试`, { retryAfterSeconds })
}

function formatWait(seconds: number) {
  if (seconds < 60)
    return ` ${seconds} 秒`
  return ` ${Math.ceil(seconds / 60)} 分钟`
}
