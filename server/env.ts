import process from 'node:process'
import { z } from 'zod'
import { parseDataKey } from './db/keyring.ts'

const bool = z.enum(['true', 'false', '1', '0']).transform(v => v === 'true' || v === '1')

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787), // 0: any free port
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  // design: demo mode ships the SMS outbox and the demo data; it is on unless switched off.
  DEMO: bool.default(true),
  // Which SMS sender delivers codes. Only the demo outbox ships; a real gateway plugs in here.
  SMS_SENDER: z.enum(['outbox']).optional(),
  // Secret mixed into code hashes; generated per start in demo mode.
  SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  COOKIE_SECURE: bool.default(false),
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

/** A setting is missing or invalid; the message names it. */
export class EnvError extends Error {}

export type Env = z.infer<typeof envSchema> & { SECRET: string, SMS_SENDER: 'outbox' }

/** The only reader of process.env: refuses to start on an invalid value, naming the variable. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source)
  if (!parsed.success) {
    const lines = parsed.error.issues.map(i => `  ${i.path.join('.')}: ${i.message}`)
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`)
  }
  const env = parsed.data
  if (!env.DEMO && !env.SMS_SENDER)
    throw new EnvError('Invalid environment:\n  SMS_SENDER: no SMS sender is configured; outside demo mode codes could not be delivered')
  if (!env.DEMO && env.SMS_SENDER === 'outbox')
    throw new EnvError('Invalid environment:\n  SMS_SENDER: the outbox sender only exists in demo mode (DEMO=true)')
  if (!env.DEMO && !env.DATA_KEY)
    throw new EnvError('Invalid environment:\n  DATA_KEY: required outside demo mode (openssl rand -base64 32)')
  if (!env.DEMO && !env.SECRET)
    throw new EnvError('Invalid environment:\n  SECRET: required outside demo mode')
  return {
    ...env,
    SMS_SENDER: 'outbox',
    SECRET: env.SECRET ?? 'demo-secret-not-for-production-use-0000',
  }
}
