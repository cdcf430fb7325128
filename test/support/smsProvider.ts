import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { createServer } from 'node:http'

export type ProviderAnswer = 'ok' | 'reject' | 'throttle' | 'serverError' | 'timeout'
export interface ProviderRequest { action: string, phone: string, signName: string, template: string, params: unknown, answer?: ProviderAnswer }

// How each provider answers (its API reference): success, a refused number, a rate limit, a server error.
const answers = {
  aliyun: {
    ok: (n: number) => [200, { Code: 'OK', Message: 'OK', BizId: `biz-${n}`, RequestId: `r${n}` }],
    reject: (n: number) => [200, { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号', RequestId: `r${n}` }],
    throttle: (n: number) => [200, { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发号码天级流控', RequestId: `r${n}` }],
    serverError: (n: number) => [503, { Code: 'ServiceUnavailable', Message: 'The request has failed due to a temporary failure of the server.', RequestId: `r${n}` }],
  },
  tencent: {
    ok: (n: number) => [200, { Response: { SendStatusSet: [{ SerialNo: `serial-${n}`, Code: 'Ok', Message: 'send success' }], RequestId: `r${n}` } }],
    reject: (n: number) => [200, { Response: { SendStatusSet: [{ SerialNo: '', Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: '手机号格式错误' }], RequestId: `r${n}` } }],
    throttle: (n: number) => [200, { Response: { Error: { Code: 'RequestLimitExceeded', Message: '请求的次数超过了频率限制' }, RequestId: `r${n}` } }],
    serverError: (n: number) => [200, { Response: { Error: { Code: 'InternalError', Message: '内部错误' }, RequestId: `r${n}` } }],
  },
} as const

/**
 * A loopback stand-in for Alibaba Cloud or Tencent Cloud SMS: records what each SDK sends (action,
 * phone, sign name, template, parameters) and answers with the next scripted answer ('ok' once the script runs out).
 */
export async function startSmsProvider(kind: 'aliyun' | 'tencent') {
  const requests: ProviderRequest[] = []
  const script: ProviderAnswer[] = []
  const sockets = new Set<Socket>()
  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://stub')
    if (kind === 'aliyun') {
      const q = url.searchParams
      requests.push({ action: String(req.headers['x-acs-action']), phone: q.get('PhoneNumbers') ?? '', signName: q.get('SignName') ?? '', template: q.get('TemplateCode') ?? '', params: JSON.parse(q.get('TemplateParam') ?? 'null') })
    }
    else {
      const b = JSON.parse(body || '{}')
      requests.push({ action: String(req.headers['x-tc-action']), phone: b.PhoneNumberSet?.[0] ?? '', signName: b.SignName ?? '', template: b.TemplateId ?? '', params: b.TemplateParamSet })
    }
    const answer = script.shift() ?? 'ok'
    requests.at(-1)!.answer = answer
    if (answer === 'timeout')
      return // never answers; the SDK's timeout has to end the wait
    const [status, json] = answers[kind][answer](requests.length) as unknown as [number, unknown]
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json))
  }
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => { body += chunk })
    req.on('end', () => handle(req, res, body))
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    requests,
    /** The next answers, in order. */
    answer: (...next: ProviderAnswer[]) => { script.push(...next) },
    /** The messages the provider accepted for a phone, oldest first. */
    accepted: (phone: string) => requests.filter(r => r.phone.endsWith(phone) && r.answer === 'ok'),
    close: async () => {
      for (const socket of sockets)
        socket.destroy()
      await new Promise(resolve => server.close(resolve))
    },
  }
}
