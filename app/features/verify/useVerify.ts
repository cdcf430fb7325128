import type { InferResponseType } from 'hono/client'
import type { CertificateContent } from '#shared/certificates/payload.ts'
import { useI18n } from 'petite-vue-i18n'
import { reactive, ref } from 'vue'
import { fromBase64url } from '#shared/certificates/base64url.ts'
import { certificateNumberProblem, normalizeCertificateNumber } from '#shared/certificates/number.ts'
import { parseVerificationUrl, verifySignedPayload } from '#shared/certificates/payload.ts'
import { verifyQuerySchema } from '#shared/schemas/certificates.ts'
import { api, ApiError, call, issueText } from '../../api/client.ts'

export type PublicCertificate = InferResponseType<(typeof api.verify)[':number']['$post'], 200>
/** What a certificate says, whether it came from the server or from the signed QR content. */
export type CertificateFacts = Omit<PublicCertificate, 'status' | 'statusLabel' | 'keyId'>
const numberMessages = { length: 'certificates.verify.numberLength', characters: 'certificates.verify.numberCharacters', check: 'certificates.verify.numberCheck' } as const

export type Offline = 'none' | 'checking' | 'unsupported' | 'noKey' | 'bad' | { content: CertificateContent }

export function factsOf(c: CertificateContent): CertificateFacts {
  return {
    number: c.no,
    issuedOn: c.on,
    schoolName: c.sch,
    holder: { name: c.nm, idNumber: c.id },
    diploma: { number: c.dno, level: c.lv, major: c.mj, lengthOfSchooling: c.len, studyForm: c.fm, startMonth: c.from, endMonth: c.to, conclusion: c.res },
    reason: c.why,
  }
}
/** The same facts in the same key order, so two sources can be compared as text. */
export function sameFacts(a: CertificateFacts, b: CertificateFacts) {
  const text = ({ diploma: d, ...f }: CertificateFacts) => JSON.stringify([
    f.number,
    f.issuedOn,
    f.schoolName,
    f.holder.name,
    f.holder.idNumber,
    f.reason,
    d.number,
    d.level,
    d.major,
    d.lengthOfSchooling,
    d.studyForm,
    d.startMonth,
    d.endMonth,
    d.conclusion,
  ])
  return text(a) === text(b)
}

/** The signed QR content checked in this browser against the published Ed25519 key (docs/certificate-format.md §3-4). */
async function checkOffline(payload: string): Promise<Offline> {
  if (!globalThis.crypto?.subtle)
    return 'unsupported'
  let key: InferResponseType<(typeof api.verify)['public-key']['$get'], 200>
  try {
    key = await call(api.verify['public-key'].$get())
  }
  catch {
    return 'noKey'
  }
  const raw = fromBase64url(key.publicKeyRaw)
  if (!raw)
    return 'noKey'
  try { // WebCrypto Ed25519: Chromium 137+, Safari 17+, Firefox 129+.
    await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify'])
  }
  catch {
    return 'unsupported'
  }
  const result = await verifySignedPayload(payload, raw, key.keyId)
  return result.ok ? { content: result.content } : 'bad'
}

export function useVerify(initialNumber: string, initialName: string) {
  const { t } = useI18n()
  const form = reactive({ number: initialNumber, name: initialName })
  const errors = reactive<{ number?: string, name?: string }>({})
  const online = ref<PublicCertificate | null>(null)
  const problem = ref<{ kind: 'notFound' | 'limited' | 'other', message: string } | null>(null)
  const busy = ref(false)
  const payload = parseVerificationUrl(location.href)?.signedPayload ?? null
  const offline = ref<Offline>(payload ? 'checking' : 'none')
  if (payload)
    checkOffline(payload).then(r => (offline.value = r))

  async function check() {
    errors.number = errors.name = undefined
    online.value = null // an answer about what was typed before says nothing about what is typed now
    problem.value = null
    const number = normalizeCertificateNumber(form.number)
    const name = verifyQuerySchema.safeParse({ name: form.name })
    const numberProblem = certificateNumberProblem(form.number)
    const typed = form.number.replace(/[\s\-_.·—–‐]/g, '').length
    if (numberProblem) // nothing typed yet asks for the number ("you typed 0" read as a fault)
      errors.number = typed === 0 ? t('certificates.verify.numberMissing') : t(numberMessages[numberProblem], { n: typed })
    if (!name.success)
      errors.name = name.error.issues[0] && issueText(name.error.issues[0].message)
    if (!number || !name.success)
      return
    form.number = number
    busy.value = true
    try {
      online.value = await call(api.verify[':number'].$post({ param: { number }, json: name.data }))
    }
    catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'ERROR', String(e))
      if (err.code === 'CERTIFICATE_NUMBER_INVALID')
        errors.number = err.message
      else if (err.code === 'VALIDATION_FAILED')
        errors.name = err.forField('name') ?? err.message
      else // one neutral answer for an unknown number and a wrong name
        problem.value = err.status === 404 ? { kind: 'notFound', message: t('certificates.verify.notFound') } : { kind: err.status === 429 ? 'limited' : 'other', message: err.message }
    }
    finally {
      busy.value = false
    }
  }

  return { form, errors, online, problem, busy, offline, check }
}
