import type { ClientResponse } from 'hono/client'
import type { AppType } from '../../server/app.ts'
import { hc } from 'hono/client'
import { syncedFetch } from './synced.ts'

/** The one typed client for the API (Hono RPC). Components never build URLs by hand. */
// An absolute base, so `$url()` can build links (PDFs, attachments) as well as requests.
// GETs go through syncedFetch: the last answer is shown, marked as such, when the network is gone.
export const api = hc<AppType>(`${location.origin}/api`, { fetch: syncedFetch })

export interface ApiIssue { path: string, code: string, message: string }

/** An API refusal, carrying the server's stable code and its Chinese message. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly issues: ApiIssue[] = [], readonly retryAfterSeconds?: number) {
    super(message)
  }

  /** The message for one form field, if the server named it. */
  forField(path: string) {
    return this.issues.find(i => i.path === path || i.path.startsWith(`${path}.`))?.message
  }
}

type Success<R> = R extends ClientResponse<infer T, infer S, any> ? (S extends 200 | 201 ? T : never) : never

/** Awaits a client call; returns the success body or throws ApiError (network failures included). */
export async function call<R extends ClientResponse<any, any, any>>(request: Promise<R>): Promise<Success<R>> {
  let res: R
  try {
    res = await request
  }
  catch {
    throw new ApiError(0, 'NETWORK', '网络不通，请检查网络后重试；已填写的内容仍在')
  }
  const body = await res.json().catch(() => null) as any
  if (res.ok)
    return body
  throw new ApiError(res.status, body?.code ?? 'HTTP_ERROR', body?.message ?? `请求失败（${res.status}）`, body?.issues ?? [], body?.retryAfterSeconds)
}

/** The Chinese words for a failure: the first field issue if the server named one, else its message. */
export const errorText = (e: unknown) => (e instanceof ApiError ? (e.issues[0]?.message ?? e.message) : String(e))

/** A fresh idempotency key for one user action (kept across retries of that action). */
export const newRequestId = () => crypto.randomUUID()
