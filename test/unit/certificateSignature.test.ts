import type { CertificateContent } from '../../shared/certificates/payload.ts'

// The signed content of a 学历证明书 and its number (docs/certificate-format.md): canonical JSON,
// base64url, Ed25519 over the canonical bytes, offline verification in WebCrypto, and the
// unguessable number with its check character.
import { Buffer } from 'node:buffer'
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fromBase64url, toBase64url } from '../../shared/certificates/base64url.ts'
import { canonicalJson } from '../../shared/certificates/canonicalJson.ts'
import { CERTIFICATE_NUMBER_PATTERN, certificateNumberProblem, checkCharacter, CROCKFORD, newCertificateNumber, normalizeCertificateNumber } from '../../shared/certificates/number.ts'
import { contentBytes, encodeSignedPayload, parseVerificationUrl, verificationUrl, verifySignedPayload } from '../../shared/certificates/payload.ts'
import { normalizePersonName } from '../../shared/certificates/statement.ts'

// RFC 8032 §7.1 test 1: a published test key, so the worked example can be checked by anyone. Never used by the server.
const RFC8032_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'
const testKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(RFC8032_SEED, 'hex')]), format: 'der', type: 'pkcs8' })
const testPublicRaw = createPublicKey(testKey).export({ format: 'jwk' }).x!

const example: CertificateContent = {
  v: 1,
  kid: 'cert-1',
  no: '2026-4141019911-K7QM-3XD9-P2H3',
  on: '2026-11-23',
  sch: '河南中州理工学院',
  nm: '刘雨桐',
  id: '410182********8108',
  dno: '199111202605775741',
  lv: '本科',
  mj: '土木工程',
  len: '4年',
  fm: '全日制',
  from: '2022-09',
  to: '2026-06',
  res: '毕业',
  why: 'lost',
}
const signed = (content: CertificateContent, key = testKey) => encodeSignedPayload(content, sign(null, contentBytes(content), key))
const doc = readFileSync(new URL('../../docs/certificate-format.md', import.meta.url), 'utf8')

describe('canonical JSON (RFC 8785 subset)', () => {
  it.each([
    [{ b: 1, a: [true, null, 'é'] }, '{"a":[true,null,"é"],"b":1}'],
    [{ nm: '刘雨桐', id: null }, '{"id":null,"nm":"刘雨桐"}'],
    [{ 'z': { y: 2, x: 1 }, '': 'empty' }, '{"":"empty","z":{"x":1,"y":2}}'],
    [{ q: 'say "hi"\n\u2028' }, '{"q":"say \\"hi\\"\\n\u2028"}'],
    // UTF-16 code unit order: "\u00e9" (é) sorts before "\ud83d\ude00" (an emoji) and after "z".
    [{ '😀': 1, 'é': 2, 'z': 3 }, '{"z":3,"é":2,"😀":1}'],
  ])('%j → %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected)
  })

  it.each([[1.5], [Number.NaN], [{ a: undefined }], [new Date(0)], [2 ** 60]])('refuses %j rather than guess its spelling', (value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError)
  })
})

describe('base64url', () => {
  it('round-trips every length and agrees with Node', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = crypto.getRandomValues(new Uint8Array(n))
      const text = toBase64url(bytes)
      expect(text).toBe(Buffer.from(bytes).toString('base64url'))
      expect(fromBase64url(text)).toEqual(bytes)
    }
  })

  it.each(['a', 'ab=c', 'a+b/', 'AB'])('refuses %s (bad length, alphabet or non-zero trailing bits)', (text) => {
    expect(fromBase64url(text)).toBeNull()
  })
})

describe('the signed payload (design: offline check against the published key)', () => {
  it('the worked example of docs/certificate-format.md verifies with the RFC 8032 test key', async () => {
    const payload = signed(example)
    expect(doc).toContain(payload)
    expect(doc).toContain(testPublicRaw)
    expect(doc).toContain(canonicalJson(example))
    expect(doc).toContain(verificationUrl('https://xjt.example.cn', example, payload))
    expect(await verifySignedPayload(payload, testPublicRaw, 'cert-1')).toEqual({ ok: true, content: example })
  })

  it('a tampered name, a forged status field or a changed number fails verification', async () => {
    const [prefix, , sig] = signed(example).split('.')
    for (const forged of [{ ...example, nm: '王五' }, { ...example, why: 'damaged' as const }, { ...example, no: '2026-4141019911-K7QM-3XD9-P2HB' }]) {
      const body = toBase64url(contentBytes(forged))
      expect(await verifySignedPayload(`${prefix}.${body}.${sig}`, testPublicRaw)).toEqual({ ok: false, reason: 'signature' })
    }
  })

  it('a flipped bit of the signature, another key or a wrong key id fails', async () => {
    const payload = signed(example)
    const sig = fromBase64url(payload.split('.')[2]!)!
    sig[10] = sig[10]! ^ 1
    const flipped = `${payload.split('.').slice(0, 2).join('.')}.${toBase64url(sig)}`
    expect(await verifySignedPayload(flipped, testPublicRaw)).toEqual({ ok: false, reason: 'signature' })
    const other = generateKeyPairSync('ed25519')
    expect(await verifySignedPayload(payload, other.publicKey.export({ format: 'jwk' }).x!)).toEqual({ ok: false, reason: 'signature' })
    expect(await verifySignedPayload(payload, testPublicRaw, 'cert-2')).toEqual({ ok: false, reason: 'key' })
    expect(await verifySignedPayload(payload, 'short')).toEqual({ ok: false, reason: 'key' })
  })

  it('a correctly signed but non-canonical or malformed content is refused', async () => {
    const spaced = new TextEncoder().encode(JSON.stringify(example, null, 1))
    const payload = `xjt1.${toBase64url(spaced)}.${toBase64url(sign(null, spaced, testKey))}`
    expect(await verifySignedPayload(payload, testPublicRaw)).toEqual({ ok: false, reason: 'format' })
    const extra = new TextEncoder().encode(canonicalJson({ ...example, birth: '2004-07-16' }))
    expect(await verifySignedPayload(`xjt1.${toBase64url(extra)}.${toBase64url(sign(null, extra, testKey))}`, testPublicRaw)).toEqual({ ok: false, reason: 'format' })
    for (const bad of ['', 'xjt2.a.b', 'xjt1.only-two', 'xjt1.!!.!!'])
      expect(await verifySignedPayload(bad, testPublicRaw)).toEqual({ ok: false, reason: 'format' })
  })

  it('the QR address carries the number in the path and everything personal only in the fragment', () => {
    const payload = signed(example)
    const url = verificationUrl('https://xjt.example.cn/', example, payload)
    expect(url.startsWith('https://xjt.example.cn/verify/2026-4141019911-K7QM-3XD9-P2H3#xjt1.')).toBe(true)
    expect(url.split('#')[0]).not.toContain('%')
    expect(parseVerificationUrl(url)).toEqual({ number: example.no, name: '刘雨桐', signedPayload: payload })
    expect(parseVerificationUrl('https://xjt.example.cn/verify/2026-4141019911-K7QM-3XD9-P2H3')).toEqual({ number: example.no, name: null, signedPayload: null })
    expect(parseVerificationUrl('not a url')).toBeNull()
  })
})

describe('the certificate number (design: year + school code + random, not enumerable)', () => {
  it('has the documented shape and 55 random bits that differ every time', () => {
    const numbers = new Set(Array.from({ length: 2000 }, () => newCertificateNumber(2026, '4141019911')))
    expect(numbers.size).toBe(2000)
    for (const n of numbers) {
      expect(n).toMatch(CERTIFICATE_NUMBER_PATTERN)
      expect(n.startsWith('2026-4141019911-')).toBe(true)
      expect(normalizeCertificateNumber(n)).toBe(n)
    }
    expect(newCertificateNumber(2026, '12345', new Uint8Array(11))).toBe(`2026-0000012345-0000-0000-000${checkCharacter(`20260000012345${'0'.repeat(11)}`)}`)
  })

  it('reads numbers as people type them', () => {
    expect(normalizeCertificateNumber(' 2026 4141019911 k7qm 3xd9 p2h3 ')).toBe('2026-4141019911-K7QM-3XD9-P2H3')
    expect(normalizeCertificateNumber('２０２６－４１４１０１９９１１－Ｋ７ＱＭ－３ＸＤ９－Ｐ２Ｈ３')).toBe('2026-4141019911-K7QM-3XD9-P2H3')
    expect(normalizeCertificateNumber('2026-4141019911-K7QM-3XD9-P2H3'.replace('1991', 'I99L'))).toBe('2026-4141019911-K7QM-3XD9-P2H3')
  })

  it('says why a typed number is wrong: its length, a character, or the check character', () => {
    expect(certificateNumberProblem('2026-4141019911-K7QM-3XD9-P2H3')).toBeNull()
    expect(certificateNumberProblem('2026-4141019911-K7QM-3XD9-P2H')).toBe('length')
    expect(certificateNumberProblem('2026-414101991A-K7QM-3XD9-P2H3')).toBe('characters')
    expect(certificateNumberProblem('2026-4141019911-K7QM-3XD9-P2HU')).toBe('characters')
    // 26 characters, all allowed, one mistyped: the length is right, so saying "26 位" would mislead.
    expect(certificateNumberProblem('2026-4141019911-K7QM-3XD9-P2H4')).toBe('check')
  })

  it('the check character catches every single mistyped character', () => {
    const n = '2026-4141019911-K7QM-3XD9-P2H3'
    const raw = n.replace(/-/g, '')
    let caught = 0
    let tried = 0
    for (let i = 0; i < raw.length; i++) {
      for (const c of CROCKFORD) {
        if (c === raw[i] || (i < 14 && !/\d/.test(c)))
          continue
        tried++
        if (normalizeCertificateNumber(raw.slice(0, i) + c + raw.slice(i + 1)) === null)
          caught++
      }
    }
    expect(caught).toBe(tried)
  })

  it.each(['', '2026-4141019911', '2026-4141019911-K7QM-3XD9-P2HU', '20264141019911K7QM3XD9P2H3X'])('refuses %j', (raw) => {
    expect(normalizeCertificateNumber(raw)).toBeNull()
  })
})

describe('names compared on the public check', () => {
  it.each([
    ['阿依古丽·买买提', '阿依古丽・买买提'],
    ['阿依古丽·买买提', '阿依古丽.买买提'],
    ['刘雨桐', ' 刘 雨桐 '],
    ['ＡＢ', 'AB'],
  ])('%s and %s are the same name', (a, b) => {
    expect(normalizePersonName(a)).toBe(normalizePersonName(b))
  })
})
