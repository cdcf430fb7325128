import type { Ctx } from './context.ts'
import { Buffer } from 'node:buffer'
import { promisify } from 'node:util'
import zlib from 'node:zlib'

// design: JSON answers (a queue page, a record) shrink 5–10× for phones on slow mobile data. hono's
// compress() pipes every answer through a web CompressionStream, and its Vary header alone turns the
// node adapter's ready string into a stream to read back: together a sixth of the own-record read's
// CPU (issue 14). Here a body is compressed in one call: small ones (nearly all) at once, about 65 µs
// for a record page; large ones (the OpenAPI document) on libuv's threads.
const MIN_BYTES = 1024
const SYNC_MAX_BYTES = 64 * 1024
const brotliOptions = (size: number) => ({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size } })
const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

type Encoding = 'br' | 'gzip'

/** The encoding to answer in: brotli (smaller) before gzip, never one the client refuses (`;q=0`), `*` for gzip. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding)
    return null
  const accepted = new Set<string>()
  const refused = new Set<string>()
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';')
    const q = params.map(p => p.trim()).find(p => p.startsWith('q='))
    if (name)
      (q && Number(q.slice(2)) === 0 ? refused : accepted).add(name)
  }
  const ok = (e: Encoding) => !refused.has(e) && (accepted.has(e) || accepted.has('*'))
  return ok('br') && accepted.has('br') ? 'br' : ok('gzip') ? 'gzip' : null
}

async function encode(body: Buffer, encoding: Encoding): Promise<Buffer> {
  if (body.length <= SYNC_MAX_BYTES)
    return encoding === 'br' ? zlib.brotliCompressSync(body, brotliOptions(body.length)) : zlib.gzipSync(body)
  return encoding === 'br' ? brotli(body, brotliOptions(body.length)) : gzip(body)
}

// Answers with no body, or a part of one, and those their sender asks to leave alone, stay as they are.
const untouched = (res: Response) => [204, 205, 206, 304].includes(res.status) || /\bno-transform\b/.test(res.headers.get('cache-control') ?? '')

/** Compresses a JSON answer of 1 KB or more for a client that accepts brotli or gzip (`edge`, after the route). */
export async function compressAnswer(c: Ctx) {
  const headers = c.res.headers
  if (c.req.method === 'HEAD' || !headers.get('content-type')?.startsWith('application/json') || headers.has('content-encoding') || untouched(c.res))
    return
  const vary = headers.get('vary')
  if (vary !== '*' && !/\baccept-encoding\b/i.test(vary ?? ''))
    headers.append('vary', 'Accept-Encoding') // the lightweight response's own headers: the body stays as it is
  const encoding = chooseEncoding(c.req.header('accept-encoding'))
  if (!encoding)
    return
  const { status } = c.res
  const body = Buffer.from(await c.res.arrayBuffer())
  const out = new Headers(headers)
  if (body.length >= MIN_BYTES) {
    out.set('content-encoding', encoding)
    out.delete('content-length')
    const etag = out.get('etag')
    if (etag && !etag.startsWith('W/'))
      out.set('etag', `W/${etag}`) // the bytes differ from the uncompressed answer's
  }
  // hono's res setter rebuilds a response from the old one's body stream and copies its headers over;
  // the headers are copied here already, so the old response is let go first.
  c.res = undefined
  const sent = body.length >= MIN_BYTES ? await encode(body, encoding) : body
  c.res = new Response(new Uint8Array(sent.buffer as ArrayBuffer, sent.byteOffset, sent.length), { status, headers: out })
}
