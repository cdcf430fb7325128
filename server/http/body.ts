import type { Context } from 'hono'
import type { IncomingMessage } from 'node:http'
import { Buffer } from 'node:buffer'

/** The body is larger than the route allows: nothing more of it is read. */
const TOO_LARGE = Symbol('too large')

/**
 * Reads the body straight from Node's request, stopping at `maxSize` (the rest is left unread: the
 * answer closes the connection). Paused rather than destroyed, so the refusal can still be sent.
 */
function readWithin(incoming: IncomingMessage, maxSize: number): Promise<Buffer | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const listeners: Record<string, (...args: any[]) => void> = {
      data: (chunk: Buffer) => {
        size += chunk.length
        if (size <= maxSize)
          return void chunks.push(chunk)
        incoming.pause()
        settle(() => resolve(TOO_LARGE))
      },
      end: () => settle(() => resolve(Buffer.concat(chunks, size))),
      error: (e: Error) => settle(() => reject(e)),
      close: () => settle(() => reject(new Error('request closed before its body ended'))),
    }
    function settle(finish: () => void) {
      for (const [event, listener] of Object.entries(listeners))
        incoming.off(event, listener)
      finish()
    }
    for (const [event, listener] of Object.entries(listeners))
      incoming.on(event, listener)
  })
}

const jsonOrText = /^(?:application\/(?:[\w.-]+\+)?json|text\/)/i

/**
 * Reads a request's body whole, within `maxSize`, into hono's body cache, where `c.req.json()`,
 * `parseBody()` and the validators find it. design (issue 14): not through the web Request that
 * @hono/node-server builds on first asking for `c.req.raw.body` (a Request, an AbortSignal and two
 * streams for a 1 KB JSON body: a twentieth of a complaint filing's CPU). Returns false if too large.
 */
export async function readBodyWithin(c: Context, maxSize: number): Promise<boolean> {
  const declared = c.req.header('content-length')
  if (declared !== undefined && !c.req.header('transfer-encoding') && Number(declared) > maxSize)
    return false
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  const body = incoming ? await readWithin(incoming, maxSize) : Buffer.from(await c.req.raw.arrayBuffer())
  if (body === TOO_LARGE || body.length > maxSize)
    return false
  const bytes = body.buffer.slice(body.byteOffset, body.byteOffset + body.length) as ArrayBuffer
  const cache = c.req.bodyCache as Record<string, Promise<unknown>> // hono keeps promises there, whatever its type says
  cache.arrayBuffer = Promise.resolve(bytes)
  // As the web Request's text() would decode it (a byte order mark dropped, bad bytes replaced).
  if (jsonOrText.test(c.req.header('content-type') ?? ''))
    cache.text = Promise.resolve(new TextDecoder().decode(body))
  return true
}
