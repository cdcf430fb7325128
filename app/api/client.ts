import type { ClientResponse } from 'hono/client'
import type { AppType } from '../../server/app.ts'
import { hc } from 'hono/client'
import { shanghaiTime } from '../components/format.ts'
import { hasMessage, i18n, issueText, loadAreas } from '../i18n/index.ts'
import { syncedFetch } from './synced.ts'

/** The one typed client for the API (Hono RPC). Components never build URLs by hand. */
// An absolute base, so `$url()` can build links (PDFs, attachments) as well as requests.
// GETs go through syncedFetch: the last answer is shown, marked as such, when the network is gone.
export const api = hc<AppType>(`${location.origin}/api`, { fetch: syncedFetch })

export interface ApiIssue { path: string, code: string, message: string }

/** An API refusal, carrying the server's stable code and its message in the reader's language. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly issues: ApiIssue[] = [], readonly retryAfterSeconds?: number, readonly triesLeft?: number, readonly lockedUntil?: string) {
    super(message)
  }

  /** The message for one form field, if the server named it. */
  forField(path: string) {
    return this.issues.find(i => i.path === path || i.path.startsWith(`${path}.`))?.message
  }
}

export { issueText }

/**
 * Loads the words for the API's error codes (an area of their own: 3.6 KB off the first download).
 * Offline before they were ever loaded, a failure is worded by the server's message or the core's
 * HTTP_ERROR; the network failure's own words are in the core.
 */
export const errorWordsReady = () => loadAreas(['errors']).catch(() => {})

type Success<R> = R extends ClientResponse<infer T, infer S, any> ? (S extends 200 | 201 ? T : never) : never

/** Awaits a client call; returns the success body or throws ApiError (network failures included). */
export async function call<R extends ClientResponse<any, any, any>>(request: Promise<R>): Promise<Success<R>> {
  let res: R
  try {
    res = await request
  }
  catch {
    throw new ApiError(0, 'NETWORK', messageFor('NETWORK'))
  }
  const body = await res.json().catch(() => null) as any
  if (res.ok)
    return body
  await errorWordsReady()
  const code = body?.code ?? 'HTTP_ERROR'
  const limit = { triesLeft: body?.triesLeft, lockedUntil: body?.lockedUntil }
  throw new ApiError(res.status, code, messageFor(code, body?.message, body?.retryAfterSeconds, limit), (body?.issues ?? []).map((i: ApiIssue) => ({ ...i, message: issueText(i.message) })), body?.retryAfterSeconds, limit.triesLeft, limit.lockedUntil)
}

/**
 * A failure in the reader's language (after errorWordsReady). In Chinese, the server's own words (they name the specifics);
 * otherwise the app's message for the error's code (app/i18n/errors.*.json maps every code the API answers).
 */
export function messageFor(code: string, serverMessage?: string, retryAfterSeconds = 0, limit: { triesLeft?: number, lockedUntil?: string } = {}) {
  const { t, locale } = i18n.global
  if (locale.value === 'zh-CN' && serverMessage)
    return serverMessage
  const s = retryAfterSeconds
  const wait = s < 60 ? t('errors.wait.seconds', { n: s }) : t('errors.wait.minutes', { n: Math.ceil(s / 60) })
  const until = limit.lockedUntil ? shanghaiTime(limit.lockedUntil).slice(-5) : ''
  const params = { wait, until, left: limit.triesLeft ?? '' }
  if (code === 'BIND_NO_MATCH' && limit.triesLeft === 0)
    return t('errors.BIND_NO_MATCH_LOCKED', params)
  return hasMessage(`errors.${code}`) ? t(`errors.${code}`, params) : t('errors.HTTP_ERROR')
}

/** The words for a failure: in Chinese the first field issue if the server named one, else the message. */
export function errorText(e: unknown) {
  if (!(e instanceof ApiError))
    return String(e)
  return i18n.global.locale.value === 'zh-CN' ? (e.issues[0]?.message ?? e.message) : e.message
}

/** A fresh idempotency key for one user action (kept across retries of that action). */
export const newRequestId = () => crypto.randomUUID()
