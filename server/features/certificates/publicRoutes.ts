import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { SIGNED_PREFIX } from '#shared/certificates/payload.ts'
import { verifyQuerySchema } from '#shared/schemas/certificates.ts'
import { clientIp } from '../../http/context.ts'
import { commonErrors, jsonBody, jsonOk } from '../../http/openapi.ts'
import { signingKey } from './signing.ts'
import { publicCertificateSchema, verifyCertificate } from './verify.ts'

const publicKey = z.object({
  keyId: z.string(),
  algorithm: z.literal('Ed25519'),
  publicKeyPem: z.string(),
  publicKeyRaw: z.string().openapi({ description: '32 字节公钥，base64url' }),
  payloadFormat: z.string(),
}).openapi('CertificatePublicKey')

/** No account needed: third parties check a 学历证明书 (002:21-22, 003:20). */
export const publicRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/verify/public-key',
    tags: ['verify'],
    summary: '学历证明书签名公钥（Ed25519），用于离线核验二维码中的签名内容（格式见 docs/certificate-format.md）',
    responses: { 200: jsonOk(publicKey, '公钥'), ...commonErrors },
  }), async (c) => {
    const key = await signingKey(c.get('deps').db)
    c.header('cache-control', 'public, max-age=3600')
    return c.json({ keyId: key.id, algorithm: 'Ed25519' as const, publicKeyPem: key.publicKeyPem, publicKeyRaw: key.publicKeyRaw, payloadFormat: SIGNED_PREFIX }, 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/verify/{number}',
    tags: ['verify'],
    summary: '公开核验学历证明书：编号 + 持证人姓名（放在请求体中，不进地址栏和日志）→ 有效 / 已被取代 / 已撤销，及证明的主要内容（证件号已遮蔽）。姓名不符与编号不存在的回答完全相同；每个地址每分钟最多 30 次',
    request: { params: z.object({ number: z.string().max(64, '证明书编号有误') }), ...jsonBody(verifyQuerySchema) },
    responses: { 200: jsonOk(publicCertificateSchema, '证明书状态与内容'), ...commonErrors },
  }), async (c) => {
    const { number } = c.req.valid('param')
    const result = await verifyCertificate(c.get('deps'), number, c.req.valid('json').name, clientIp(c))
    c.header('cache-control', 'no-store')
    return c.json(result, 200)
  })
