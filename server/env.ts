import process from 'node:process'
import { z } from 'zod'
import { parseDataKey } from './db/keyring.ts'

const bool = z.enum(['true', 'false', '1', '0']).transform(v => v === 'true' || v === '1')
const optionalText = z.string().trim().min(1).optional()

export const smsSenders = ['outbox', 'aliyun', 'tencent'] as const

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787), // 0: any free port
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  // PostgreSQL connections each instance keeps; unset, DEFAULT_POOL_SIZE (server/db/client.ts says why so few).
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).optional(),
  // design: demo mode ships the SMS outbox and the demo data; it is on unless switched off.
  DEMO: bool.default(true),
  // Which SMS gateway delivers messages: the demo outbox (demo only), Alibaba Cloud or Tencent Cloud SMS.
  SMS_SENDER: z.enum(smsSenders).optional(),
  // The provider's API address; unset, the SDK's own. Tests point it at a loopback stub.
  SMS_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://dysmsapi.aliyuncs.com' }).optional(),
  // Aliyun AccessKey ID/Secret, or Tencent SecretId/SecretKey.
  SMS_ACCESS_KEY_ID: optionalText,
  SMS_ACCESS_KEY_SECRET: optionalText,
  SMS_SIGN_NAME: optionalText, // 短信签名, registered with the provider
  SMS_TEMPLATE_SIGN_IN: optionalText, // template id of the sign-in code message: one parameter, the code
  // Template ids of the notices (server/sms/gateway.ts, renderSms, has each text and its parameters).
  // One left unset: that notice is not sent, and shows among the province's failed messages.
  SMS_TEMPLATE_COMPLAINT_ACCEPTED: optionalText,
  SMS_TEMPLATE_COMPLAINT_REJECTED: optionalText,
  SMS_TEMPLATE_COMPLAINT_INFO_REQUESTED: optionalText,
  SMS_TEMPLATE_COMPLAINT_SUPERVISED: optionalText,
  SMS_TEMPLATE_COMPLAINT_CLOSED: optionalText,
  SMS_TEMPLATE_CORRECTION_REFUSED: optionalText,
  SMS_TEMPLATE_CORRECTION_APPROVED: optionalText,
  SMS_TEMPLATE_CERTIFICATE_REFUSED: optionalText,
  SMS_TEMPLATE_CERTIFICATE_ISSUED: optionalText,
  SMS_TEMPLATE_WORK_DUE_SOON: optionalText,
  SMS_TEMPLATE_WORK_OVERDUE: optionalText,
  SMS_APP_ID: optionalText, // Tencent SmsSdkAppId
  SMS_REGION: z.string().default('ap-guangzhou'), // Tencent region
  SMS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  // Secret mixed into code hashes; generated per start in demo mode.
  SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  // Unset: on outside demo mode (behind HTTPS), off in the demo (plain http://localhost).
  COOKIE_SECURE: bool.optional(),
  // Read the client address from X-Forwarded-For (only behind a proxy you run).
  TRUST_PROXY: bool.default(false),
  // The address people open the app at (https://xjt.example.cn); state-changing requests must come from it.
  // Unset, the request's own Host is the app's origin.
  PUBLIC_ORIGIN: z.url({ protocol: /^https?$/, error: 'must be an http(s) origin such as https://xjt.example.cn' })
    .transform(u => new URL(u).origin)
    .optional(),
  // The key that seals identity numbers at rest (docs/security.md). Demo mode keeps one in DATA_DIR.
  DATA_KEY: z.string().refine(dataKeyValid, 'must be 32 bytes, base64 or hex encoded (openssl rand -base64 32)').optional(),
  // Keys being rotated out, comma-separated: values sealed under them are still read, and resealed.
  DATA_KEYS_PREVIOUS: z.string().refine(v => v.split(',').every(dataKeyValid), 'each key must be 32 bytes, base64 or hex encoded').optional(),
  // The province this deployment serves (GB/T 2260 code): its units come from the region data.
  PROVINCE: z.string().regex(/^\d{2}0000$/, 'must be a province code such as 410000').default('410000'),
  // Bearer token a Prometheus scraper sends to GET /metrics; unset, there is no /metrics.
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters (openssl rand -hex 16)').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
})

function dataKeyValid(text: string) {
  try {
    return parseDataKey(text).length === 32
  }
  catch {
    return false
  }
}

const DEMO_SECRET = 'demo-secret-not-for-production-use-0000'

// The values .env.production.example ships: a server started from it runs (tests do), but warns.
export const exampleValues: Record<string, string> = {
  SECRET: 'example-secret-REPLACE-ME-7f3c9a1e5b2d8064',
  DATA_KEY: 'ZXhhbXBsZS1kYXRhLWtleS1SRVBMQUNFLU1FLTAxMjM=',
  SMS_ACCESS_KEY_ID: 'example-access-key-id',
  SMS_ACCESS_KEY_SECRET: 'example-access-key-secret',
}

// design: a secret made by a person ("xxxx…", a phrase repeated) has few distinct symbols; a generated one has many.
const distinct = (values: Iterable<unknown>) => new Set(values).size
const weakSecret = (s: string) => s === DEMO_SECRET || distinct(s) < 16
const weakDataKey = (s: string) => distinct(parseDataKey(s)) < 16

const gateway = (e: Record<string, string | undefined>) => e.SMS_SENDER === 'aliyun' || e.SMS_SENDER === 'tencent'

/** What production needs beyond a well-formed value: each check names its setting and says how to fix it. */
const productionChecks: [string, (e: Record<string, string | undefined>) => string | null][] = [
  ['SECRET', e => !e.SECRET ? 'required outside demo mode (openssl rand -base64 48)' : weakSecret(e.SECRET) ? 'too weak: use a generated value (openssl rand -base64 48)' : null],
  ['DATA_KEY', e => !e.DATA_KEY ? 'required outside demo mode (openssl rand -base64 32)' : weakDataKey(e.DATA_KEY) ? 'too weak: use a generated key (openssl rand -base64 32)' : null],
  ['SMS_SENDER', e => !e.SMS_SENDER
    ? 'required outside demo mode: aliyun or tencent'
    : e.SMS_SENDER === 'outbox' ? 'the outbox sender only exists in demo mode (DEMO=true); use aliyun or tencent' : null],
  ['SMS_ACCESS_KEY_ID', e => gateway(e) && !e.SMS_ACCESS_KEY_ID?.trim() ? `required for SMS_SENDER=${e.SMS_SENDER}` : null],
  ['SMS_ACCESS_KEY_SECRET', e => gateway(e) && !e.SMS_ACCESS_KEY_SECRET?.trim() ? `required for SMS_SENDER=${e.SMS_SENDER}` : null],
  ['SMS_SIGN_NAME', e => gateway(e) && !e.SMS_SIGN_NAME?.trim() ? `required for SMS_SENDER=${e.SMS_SENDER} (the registered 短信签名)` : null],
  ['SMS_TEMPLATE_SIGN_IN', e => gateway(e) && !e.SMS_TEMPLATE_SIGN_IN?.trim() ? `required for SMS_SENDER=${e.SMS_SENDER} (the registered sign-in code template)` : null],
  ['SMS_APP_ID', e => e.SMS_SENDER === 'tencent' && !e.SMS_APP_ID?.trim() ? 'required for SMS_SENDER=tencent (SmsSdkAppId)' : null],
]

/** A setting is missing or invalid; the message names every one. */
export class EnvError extends Error {}

type Parsed = z.infer<typeof envSchema>
export type Env = Omit<Parsed, 'SECRET' | 'SMS_SENDER' | 'COOKIE_SECURE'> & {
  SECRET: string
  SMS_SENDER: (typeof smsSenders)[number]
  COOKIE_SECURE: boolean
}

/** The only reader of process.env: refuses to start on any invalid value, naming every such variable at once. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source)
  const problems = new Map<string, string>()
  for (const issue of parsed.error?.issues ?? []) {
    const key = issue.path.join('.')
    if (!problems.has(key))
      problems.set(key, issue.message)
  }
  const demo = parsed.success ? parsed.data.DEMO : !['false', '0'].includes(source.DEMO ?? '')
  if (!demo) {
    for (const [key, check] of productionChecks) {
      const problem = problems.has(key) ? null : check(source)
      if (problem)
        problems.set(key, problem)
    }
  }
  if (problems.size || !parsed.success) {
    const lines = [...problems].map(([key, message]) => `  ${key}: ${message}`)
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`)
  }
  const env = parsed.data
  return {
    ...env,
    SMS_SENDER: env.SMS_SENDER ?? 'outbox',
    SECRET: env.SECRET ?? DEMO_SECRET,
    COOKIE_SECURE: env.COOKIE_SECURE ?? !env.DEMO,
  }
}

/** Settings that work but must not stay: the example file's secrets. Printed on every start. */
export function envWarnings(env: Env): string[] {
  return Object.entries(exampleValues)
    .filter(([key, value]) => (env as Record<string, unknown>)[key] === value)
    .map(([key]) => `${key} is the example value from .env.production.example: replace it before real use`)
}
