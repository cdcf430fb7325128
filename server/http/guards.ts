import type { Server } from 'node:http'
import type { Ctx } from './context.ts'
import { Buffer } from 'node:buffer'
import { createMiddleware } from 'hono/factory'
import { containsForbiddenCharacters, CONTROL_CHARACTER } from '#shared/schemas/text.ts'
import { AppError } from './errors.ts'

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The refusal of a state-changing request another site's page could send with the person's cookies,
 * whatever its content type (`edge`); null: let it through. The Origin must be this app's own; without
 * an Origin, a browser's Sec-Fetch-Site must say same-origin. Requests with neither come from no
 * browser page (curl, a server), which cannot carry a victim's cookie, and pass.
 */
export function crossSiteRefusal(c: Ctx): AppError | null {
  if (safeMethods.has(c.req.method))
    return null
  const origin = c.req.header('origin')
  const site = c.req.header('sec-fetch-site')
  if (origin !== undefined ? !isOwnOrigin(c, origin) : site !== undefined && site !== 'same-origin' && site !== 'none')
    return new AppError(403, 'CROSS_SITE_REJECTED', '请求来源不被允许，请从学籍通页面内操作')
  return null
}

function isOwnOrigin(c: Ctx, origin: string): boolean {
  let host: string
  try {
    host = new URL(origin).host
  }
  catch {
    return false // "null" (sandboxed frames, file:) and anything unparsable
  }
  const { PUBLIC_ORIGIN, TRUST_PROXY } = c.get('deps').env
  if (PUBLIC_ORIGIN)
    return origin === PUBLIC_ORIGIN
  const own = (TRUST_PROXY && c.req.header('x-forwarded-host')?.split(',')[0]?.trim()) || c.req.header('host')
  return host === own
}

// A URL of printable ASCII with no %-escapes cannot hold any such character: there is nothing to decode
// (issue 14: most requests, the own-record read among them, are spared parsing and decoding their URL).
const plainUrl = /^[\x21-\x24\x26-\x7E]*$/

function urlHasForbiddenCharacters(url: URL): boolean {
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  }
  catch {
    throw new AppError(400, 'BAD_REQUEST', '地址格式有误')
  }
  return containsForbiddenCharacters(path) || [...url.searchParams].some(kv => containsForbiddenCharacters(kv))
}

/**
 * The edge refuses text nobody can type (NUL and other control characters, lone surrogates) in the
 * path, the query and any JSON body, before a route or the database sees it. The shared schemas
 * refuse the same per field; this catches whatever a schema lets through.
 */
export const refuseControlCharacters = createMiddleware(async (c: Ctx, next) => {
  let bad = !plainUrl.test(c.req.url) && urlHasForbiddenCharacters(new URL(c.req.url))
  if (!bad && !safeMethods.has(c.req.method) && c.req.header('content-type')?.includes('json'))
    bad = containsForbiddenCharacters(await c.req.json().catch(() => null))
  if (bad)
    throw new AppError(400, 'VALIDATION_FAILED', '内容含有无法识别的控制字符，请删除后重新输入', { issues: [{ path: '', code: CONTROL_CHARACTER, message: '内容含有无法识别的控制字符' }] })
  await next()
})

/**
 * Node answers malformed requests itself (a 100 KB query string gets a plain-text 431) before the
 * app sees them; answer in the API's one error shape instead.
 */
export function answerClientErrors(server: Server) {
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || (err.code === 'ECONNRESET'))
      return void socket.destroy()
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW'
    const body = JSON.stringify(tooLarge
      ? { code: 'HEADERS_TOO_LARGE', message: '请求地址或请求头过长' }
      : { code: 'BAD_REQUEST', message: '请求无法处理' })
    socket.end(`HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`)
  })
}
