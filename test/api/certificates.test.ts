import type { TestServer, Visitor } from './harness.ts'

// 学历证明书 (DOMAIN §3.3; 002:19, 001:4(7), 003:19): application, dual-control review and issue,
// refusal, supersession, revocation, the PDF with its QR code, public verification and the SLA.
import { Buffer } from 'node:buffer'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { and, eq, inArray } from 'drizzle-orm'
import { PDFDocument } from 'pdf-lib'
import QRCode from 'qrcode'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { accounts, certificateRequests, notifications } from '../../server/db/schema/index.ts'
import { diplomaAnnotations, sweepCertificateRequests } from '../../server/features/certificates/routes.ts'
import { CERTIFICATE_QR } from '../../server/printing/certificate.ts'
import { addWorkingDays, shanghaiDate, workingDaysBetween } from '../../shared/calendar/index.ts'
import { CERTIFICATE_NUMBER_PATTERN, newCertificateNumber } from '../../shared/certificates/number.ts'
import { parseVerificationUrl, verifySignedPayload } from '../../shared/certificates/payload.ts'
import { featured, mother, officer, parent } from './complaintsKit.ts'
import { databaseKinds, signIn, startServer, TEST_START, testYear } from './harness.ts'

const college = featured.college!
const vocational = featured.vocational!
const junior = featured.junior!
const primary = featured.primary!
const DAY = 24 * 3600_000
// The next-year project runs this file too, beside this one: its files go apart, not over these.
const OUT = `test/output/certificates${process.env.XJT_TEST_PGLITE_ONLY ? '-next-year' : ''}`

const popplerMissing = ['pdftotext', 'pdftoppm'].filter(tool => spawnSync(tool, ['-v']).error !== undefined)
if (popplerMissing.length > 0 && process.env.REQUIRE_BROWSER)
  throw new Error(`PDF rendering checks are required but ${popplerMissing.join(' and ')} are missing (install poppler-utils)`)
if (popplerMissing.length > 0)
  console.warn(`[certificate tests] SKIPPED the rendering checks: ${popplerMissing.join(' and ')} not found (install poppler-utils).`)

function application(overrides: Record<string, unknown> = {}, name = college.record.name) {
  return {
    requestId: crypto.randomUUID(),
    loss: 'lost' as const,
    occurredOn: '2026-10',
    circumstances: '2026年10月搬家时装毕业证书的文件袋遗失，已多方寻找未果。',
    statement: { signedName: name, agreed: true as const },
    ...overrides,
  }
}

/** Renders part of page 1 (points from the top left) to greyscale pixels. */
function render(file: string, dpi: number, box?: { x: number, y: number, w: number, h: number }) {
  const scale = dpi / 72
  const crop = box ? ['-x', String(Math.round(box.x * scale)), '-y', String(Math.round(box.y * scale)), '-W', String(Math.round(box.w * scale)), '-H', String(Math.round(box.h * scale))] : []
  const pgm = execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-f', '1', '-l', '1', ...crop, file])
  const header = /^P5\s+(\d+)\s+(\d+)\s+\d+\s/.exec(pgm.subarray(0, 40).toString('latin1'))!
  return { width: Number(header[1]), height: Number(header[2]), pixels: pgm.subarray(header[0].length) }
}
const inkOf = (px: { pixels: Uint8Array }) => px.pixels.reduce((n, p) => n + (p < 128 ? 1 : 0), 0)

describe.each(databaseKinds)('学历证明书 on %s', (kind) => {
  let s: TestServer
  let student: Visitor
  let recordId: string
  let registrar: Visitor
  let registrar2: Visitor

  beforeAll(async () => {
    s = await startServer(kind)
    mkdirSync(OUT, { recursive: true })
    student = s.visitor()
    await signIn(student, '13712340001')
    const bound = await student.api.bindings.$post({ json: { relation: 'self', name: college.record.name, idNumber: college.record.idNumber! } })
    expect(bound.status).toBe(200)
    recordId = (await bound.json()).recordId
    registrar = await officer(s, 'college.registrar')
    registrar2 = await officer(s, 'college.registrar2')
  })
  // Each test brings its own requests and certificates; none is left open for the next (one open request per diploma).
  afterEach(async () => {
    s.clock.reset()
    const open = await s.database.db.select({ id: certificateRequests.id }).from(certificateRequests).where(and(eq(certificateRequests.recordId, recordId), inArray(certificateRequests.status, ['pending', 'reviewed'])))
    for (const { id } of open)
      expect((await registrar2.api['certificate-requests'][':id'].refuse.$post({ param: { id }, json: { reason: '测试结束，撤回未办结的申请' } })).status).toBe(200)
  })
  afterAll(async () => { await s.close() })

  const request = (v: Visitor, id: string) => v.api['certificate-requests'][':id'].$get({ param: { id } })
  const mine = async () => (await student.api.records[':id'].certificates.$get({ param: { id: recordId } })).json()
  /** A pending request of the graduate's own. */
  const openRequest = async (overrides: Record<string, unknown> = {}) => {
    const res = await student.api.records[':id']['certificate-requests'].$post({ param: { id: recordId }, json: application(overrides) })
    expect(res.status, await res.clone().text()).toBe(201)
    return (await res.json()).id
  }
  /** A certificate issued on a fresh request, reviewed by one registrar and issued by the other. */
  const issue = async (overrides: Record<string, unknown> = {}) => {
    const id = await openRequest(overrides)
    expect((await registrar.api['certificate-requests'][':id'].review.$post({ param: { id } })).status).toBe(200)
    const issued = await registrar2.api['certificate-requests'][':id'].issue.$post({ param: { id } })
    expect(issued.status).toBe(200)
    const certificate = (await issued.json()).certificate!
    return (await mine()).certificates.find(c => c.id === certificate.id)!
  }

  it('a graduate applies once for a 学历证明书 even when the submit is sent twice, on a 10-working-day timer', async () => {
    const input = application()
    const first = await student.api.records[':id']['certificate-requests'].$post({ param: { id: recordId }, json: input })
    const retry = await student.api.records[':id']['certificate-requests'].$post({ param: { id: recordId }, json: input })
    expect(first.status, await first.clone().text()).toBe(201)
    expect(retry.status).toBe(200)
    const view = await first.json()
    expect((await retry.json()).id).toBe(view.id)
    // design default: 10 working days from the application (DOMAIN §5), on the test clock's day.
    expect(view).toMatchObject({ status: 'pending', loss: 'lost', occurredOn: '2026-10', dueDate: addWorkingDays(shanghaiDate(TEST_START), 10).date, clock: { workingDaysLeft: 10, overdue: false } })
    expect(view.statement).toContain(`签名：${college.record.name}`)
    expect(view.statement).toMatch(/（\d{4}-\d{2}-\d{2} \d{2}:\d{2}）$/) // signed at, in the one format every screen uses (issue 13 item 9)
    expect(view.can).toEqual({ review: false, issue: false, refuse: false })

    const again = await student.api.records[':id']['certificate-requests'].$post({ param: { id: recordId }, json: application() })
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ code: 'REQUEST_OPEN' })
    const page = await mine()
    expect(page).toMatchObject({ canApply: false, applyBlockedBy: 'REQUEST_OPEN', diploma: { number: college.diploma!.diplomaNo } })

    const inbox = await (await registrar.api.notifications.$get({ query: {} })).json()
    expect(inbox.notifications.some(n => n.kind === 'certificate.requested')).toBe(true)
  })

  it('refuses a statement not signed with the registered name, an unticked declaration and impossible dates, with a 4xx code', async () => {
    const post = (json: any) => student.api.records[':id']['certificate-requests'].$post({ param: { id: recordId }, json })
    const cases: [any, number, string][] = [
      [application({}, '张三'), 400, 'SIGNATURE_NAME_MISMATCH'],
      [application({ statement: { signedName: college.record.name, agreed: false } }), 400, 'VALIDATION_FAILED'],
      [application({ occurredOn: '2026-13' }), 400, 'VALIDATION_FAILED'],
      [application({ occurredOn: '2026-12-01' }), 400, 'OCCURRED_IN_FUTURE'],
      [application({ occurredOn: '2020-01' }), 400, 'OCCURRED_BEFORE_DIPLOMA'],
      [application({ circumstances: '丢了' }), 400, 'VALIDATION_FAILED'],
      [{ ...application(), requestId: 'not-a-uuid' }, 400, 'VALIDATION_FAILED'],
    ]
    for (const [json, status, code] of cases) {
      const res = await post(json)
      expect(res.status, JSON.stringify(json)).toBe(status)
      expect(await res.json()).toMatchObject({ code })
    }
    const bad = await registrar.api['certificate-requests'][':id'].review.$post({ param: { id: 'nope' } })
    expect(bad.status).toBe(400)
  })

  it('only the student themself applies, and only with a diploma registration', async () => {
    const pupil = s.visitor()
    await signIn(pupil, '13712340002')
    await pupil.api.bindings.$post({ json: { relation: 'self', name: junior.record.name, idNumber: junior.record.idNumber! } })
    const me = await (await pupil.api.me.$get()).json()
    const juniorRecord = me.bindings[0]!.recordId
    const noDiploma = await pupil.api.records[':id']['certificate-requests'].$post({ param: { id: juniorRecord }, json: application({}, junior.record.name) })
    expect(noDiploma.status).toBe(409)
    expect(await noDiploma.json()).toMatchObject({ code: 'NO_DIPLOMA_REGISTRATION' })

    const mum = await parent(s)
    const child = await (await mum.api.bindings.$post({ json: { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber!, childName: primary.record.name, childIdNumber: primary.record.idNumber! } })).json()
    const guardian = await mum.api.records[':id']['certificate-requests'].$post({ param: { id: child.recordId }, json: application({}, mother.name) })
    expect(guardian.status).toBe(403)
    expect(await guardian.json()).toMatchObject({ code: 'SELF_ONLY' })
    const firstRequestId = await openRequest()
    const stranger = await pupil.api.records[':id']['certificate-requests'].$post({ param: { id: recordId }, json: application() })
    expect(stranger.status).toBe(404)
    expect((await request(pupil, firstRequestId)).status).toBe(404)
  })

  it('officers outside the school get 404; a province officer may look but not decide', async () => {
    const firstRequestId = await openRequest()
    const outsider = await officer(s, 'primary.registrar')
    const res = await request(outsider, firstRequestId)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ code: 'CERTIFICATE_REQUEST_NOT_FOUND' })
    expect((await outsider.api['certificate-requests'][':id'].review.$post({ param: { id: firstRequestId } })).status).toBe(404)
    expect((await (await outsider.api.officer['certificate-requests'].$get({ query: {} })).json()).requests).toHaveLength(0)

    const province = await officer(s, 'henan.province')
    expect((await request(province, firstRequestId)).status).toBe(200)
    const review = await province.api['certificate-requests'][':id'].review.$post({ param: { id: firstRequestId } })
    expect(review.status).toBe(403)
    expect(await review.json()).toMatchObject({ code: 'NOT_YOUR_STEP' })
  })

  it('one registrar reviews and a different registrar issues; the reviewer cannot issue (双岗)', async () => {
    const firstRequestId = await openRequest()
    const queue = await (await (await officer(s, 'college.registrar')).api.officer['certificate-requests'].$get({ query: {} })).json()
    expect(queue.requests.map(r => r.id)).toContain(firstRequestId)
    expect(queue.requests.find(r => r.id === firstRequestId)!.can).toEqual({ review: true, issue: false, refuse: true })

    const reviewed = await registrar.api['certificate-requests'][':id'].review.$post({ param: { id: firstRequestId } })
    expect(reviewed.status).toBe(200)
    expect(await reviewed.json()).toMatchObject({ status: 'reviewed', reviewed: { name: '何文博' }, can: { issue: false } })
    const twice = await registrar2.api['certificate-requests'][':id'].review.$post({ param: { id: firstRequestId } })
    expect(twice.status).toBe(409)

    const same = await registrar.api['certificate-requests'][':id'].issue.$post({ param: { id: firstRequestId } })
    expect(same.status).toBe(403)
    expect(await same.json()).toMatchObject({ code: 'SAME_PERSON' })

    const issued = await registrar2.api['certificate-requests'][':id'].issue.$post({ param: { id: firstRequestId } })
    expect(issued.status, await issued.clone().text()).toBe(200)
    const view = await issued.json()
    expect(view).toMatchObject({ status: 'issued', clock: null, reviewed: { name: '何文博' } })
    expect(view.decided!.name).not.toBe('何文博')
    const firstCertificateId = view.certificate!.id
    expect(view.certificate!.number).toMatch(CERTIFICATE_NUMBER_PATTERN)
    expect(view.certificate!.number).toMatch(new RegExp(`^${testYear}-\\d{10}-`))

    const page = await mine()
    expect(page.certificates.find(c => c.id === firstCertificateId)).toMatchObject({ status: 'valid', holderName: college.record.name, pdfUrl: `/api/certificates/${firstCertificateId}.pdf` })
    expect(page).toMatchObject({ canApply: true, applyBlockedBy: null })
    // 002:19: the diploma registration is annotated with the certificate.
    expect((await diplomaAnnotations(s.deps.db, recordId)).find(a => a.id === firstCertificateId)).toMatchObject({ status: 'valid', issuedOn: shanghaiDate(TEST_START) })
    const inbox = await (await student.api.notifications.$get({ query: {} })).json()
    expect(inbox.notifications.some(n => n.kind === 'certificate.issued' && n.body.includes(view.certificate!.number))).toBe(true)
  })

  it('the QR payload verifies offline with the published key, and a tampered one does not', async () => {
    const key = await (await s.visitor().api.verify['public-key'].$get()).json()
    expect(key).toMatchObject({ keyId: 'cert-1', algorithm: 'Ed25519', publicKeyPem: expect.stringContaining('BEGIN PUBLIC KEY') })
    const cert = await issue()
    const url = parseVerificationUrl(cert.verificationUrl)!
    expect(url).toMatchObject({ number: cert.number, name: college.record.name, signedPayload: cert.signedPayload })
    expect(cert.verificationUrl.startsWith(`${s.baseUrl}/verify/${cert.number}#xjt1.`)).toBe(true)
    // Nothing personal before the '#': the holder's name travels only inside the signed payload (issue 9, defect 8).
    expect(cert.verificationUrl.split('#')[0]).not.toContain(encodeURIComponent(college.record.name))
    expect(parseVerificationUrl(cert.verificationUrl)!.name).toBe(college.record.name)

    const ok = await verifySignedPayload(cert.signedPayload, key.publicKeyRaw, key.keyId)
    expect(ok).toMatchObject({ ok: true, content: { no: cert.number, nm: college.record.name, dno: college.diploma!.diplomaNo, why: 'lost' } })
    expect(ok.ok && ok.content.id).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/)

    const [prefix, body, sig] = cert.signedPayload.split('.')
    const content = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8'))
    const forged = Buffer.from(JSON.stringify({ ...content, nm: '王五' })).toString('base64url')
    expect(await verifySignedPayload(`${prefix}.${forged}.${sig}`, key.publicKeyRaw)).toEqual({ ok: false, reason: 'signature' })
  })

  it('downloads the certificate as an A4 PDF with the Chinese font embedded and the QR code in the corner', async () => {
    const cert = await issue()
    const firstCertificateId = cert.id
    const res = await student.fetch(`${s.baseUrl}/api/certificates/${firstCertificateId}.pdf`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const bytes = new Uint8Array(await res.arrayBuffer())
    const pdf = await PDFDocument.load(bytes)
    expect(pdf.getPageCount()).toBe(1)
    expect(pdf.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 })
    const stranger = s.visitor()
    await signIn(stranger, '13712340003')
    expect((await stranger.fetch(`${s.baseUrl}/api/certificates/${firstCertificateId}.pdf`)).status).toBe(404)
    expect((await student.fetch(`${s.baseUrl}/api/certificates/${firstCertificateId}.png`)).status).toBe(400)
    if (popplerMissing.length > 0)
      return

    const file = `${OUT}/certificate-${kind}.pdf`
    writeFileSync(file, bytes)
    execFileSync('pdftoppm', ['-r', '100', '-png', '-singlefile', file, file.replace(/\.pdf$/, '')])
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString()
    for (const expected of ['学 历 证 明 书'.replace(/ /g, ''), cert.number, college.record.name, college.diploma!.diplomaNo, '特此证明'])
      expect(text.replace(/\s+/g, '')).toContain(expected.replace(/\s+/g, ''))
    // Ink where the title is: a font subset missing the glyphs would leave the band nearly blank.
    expect(inkOf(render(file, 72, { x: 150, y: 95, w: 295, h: 55 }))).toBeGreaterThan(800)

    // The QR code drawn in the corner is module for module the code of the verification address.
    const qr = QRCode.create(cert.verificationUrl, { errorCorrectionLevel: 'M' })
    const n = qr.modules.size
    const dpi = 288
    const px = render(file, dpi, { x: CERTIFICATE_QR.x, y: CERTIFICATE_QR.top, w: CERTIFICATE_QR.size, h: CERTIFICATE_QR.size })
    const step = px.width / n
    let wrong = 0
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const dark = px.pixels[Math.floor((r + 0.5) * step) * px.width + Math.floor((c + 0.5) * step)]! < 128
        if (dark !== !!qr.modules.get(r, c))
          wrong++
      }
    }
    expect(wrong).toBe(0)
  })

  it('a refusal tells the student why; the student applies again and the new certificate supersedes the first', async () => {
    const firstCertificateId = (await issue()).id
    const second = await (await student.api.records[':id']['certificate-requests'].$post({ param: { id: recordId }, json: application({ loss: 'damaged', occurredOn: '2026-11-20', circumstances: '学历证明书和毕业证书在家中被水浸泡，字迹无法辨认。' }) })).json()
    const early = await registrar2.api['certificate-requests'][':id'].issue.$post({ param: { id: second.id } })
    expect(early.status).toBe(409)
    expect(await early.json()).toMatchObject({ code: 'REVIEW_REQUIRED' })
    const empty = await registrar2.api['certificate-requests'][':id'].refuse.$post({ param: { id: second.id }, json: { reason: '' } })
    expect(empty.status).toBe(400)
    const refused = await registrar2.api['certificate-requests'][':id'].refuse.$post({ param: { id: second.id }, json: { reason: '请将损毁的原证书交回学校核验后再申请' } })
    expect(await refused.json()).toMatchObject({ status: 'refused', refusalReason: '请将损毁的原证书交回学校核验后再申请' })
    const seen = await (await request(student, second.id)).json()
    expect(seen).toMatchObject({ status: 'refused', refusalReason: '请将损毁的原证书交回学校核验后再申请', decided: { name: expect.any(String) } })
    const inbox = await (await student.api.notifications.$get({ query: {} })).json()
    expect(inbox.notifications.filter(n => n.kind === 'certificate.refused' && n.body.includes('请将损毁的原证书交回学校核验后再申请'))).toHaveLength(1)
    expect((await registrar.api['certificate-requests'][':id'].review.$post({ param: { id: second.id } })).status).toBe(409)

    const third = await student.api.records[':id']['certificate-requests'].$post({ param: { id: recordId }, json: application({ loss: 'damaged', occurredOn: '2026-11-20', circumstances: '毕业证书被水浸泡损毁，原证书已交回学校。' }) })
    expect(third.status).toBe(201)
    const thirdId = (await third.json()).id
    // Either registrar may take either post, so long as they are two people.
    await registrar2.api['certificate-requests'][':id'].review.$post({ param: { id: thirdId } })
    const issued = await (await registrar.api['certificate-requests'][':id'].issue.$post({ param: { id: thirdId } })).json()
    const secondCertificateId = issued.certificate!.id
    const page = await mine()
    const first = page.certificates.find(c => c.id === firstCertificateId)!
    expect(first).toMatchObject({ status: 'superseded', supersededBy: { id: secondCertificateId, number: issued.certificate!.number } })
    expect(page.certificates.find(c => c.id === secondCertificateId)).toMatchObject({ status: 'valid', loss: 'damaged' })
    const annotations = (await diplomaAnnotations(s.deps.db, recordId)).filter(a => [firstCertificateId, secondCertificateId].includes(a.id))
    expect(annotations.map(a => a.status)).toEqual(['superseded', 'valid'])
    expect(annotations[0]!.supersededByNumber).toBe(issued.certificate!.number)
  })

  it('anyone checks a certificate by number and name: valid, superseded or revoked, masked, and a wrong name reveals nothing', async () => {
    const employer = s.visitor()
    const firstId = (await issue()).id
    const second = await issue({ loss: 'damaged', occurredOn: '2026-11-20', circumstances: '毕业证书被水浸泡损毁，原证书已交回学校。' })
    const secondCertificateId = second.id
    const first = (await mine()).certificates.find(c => c.id === firstId)!
    const check = (number: string, name: string) => employer.api.verify[':number'].$post({ param: { number }, json: { name } })

    const valid = await check(second.number.toLowerCase().replace(/-/g, ' '), college.record.name)
    expect(valid.status).toBe(200)
    const body = await valid.json()
    expect(body).toMatchObject({ number: second.number, status: 'valid', holder: { name: college.record.name }, schoolName: second.schoolName, diploma: { number: college.diploma!.diplomaNo, level: college.diploma!.educationLevel, startMonth: college.diploma!.startMonth, endMonth: college.diploma!.endMonth } })
    expect(body.holder.idNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/)
    const raw = JSON.stringify(body)
    expect(raw).not.toContain(college.record.idNumber!)
    expect(raw).not.toContain(college.record.birthDate)

    expect(await (await check(first.number, college.record.name)).json()).toMatchObject({ status: 'superseded', statusLabel: expect.stringContaining('取代') })

    const wrongName = await check(second.number, '刘雨')
    const unknown = await check(newCertificateNumber(testYear, '4141019911'), college.record.name)
    expect(wrongName.status).toBe(404)
    expect(unknown.status).toBe(404)
    expect(await wrongName.json()).toEqual(await unknown.json())
    const malformed = await check('2026-123', college.record.name)
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toMatchObject({ code: 'CERTIFICATE_NUMBER_INVALID' })
    expect((await employer.fetch(`${s.baseUrl}/api/verify/${second.number}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(400)

    const alone = await registrar.api.certificates[':id'].revoke.$post({ param: { id: secondCertificateId }, json: { reason: '经核查，申请所述损毁情况不实' } })
    expect(await alone.json()).toMatchObject({ code: 'REVOKE_NOT_ALLOWED' }) // a registrar cannot revoke alone
    const head = s.visitor()
    await head.api.auth.officer.$post({ json: { username: 'college.head', password: 'xjt-demo-2026' } })
    const revoked = await head.api.certificates[':id'].revoke.$post({ param: { id: secondCertificateId }, json: { reason: '经核查，申请所述损毁情况不实' } })
    expect(revoked.status).toBe(200)
    expect(await revoked.json()).toMatchObject({ status: 'revoked', revokedReason: '经核查，申请所述损毁情况不实' })
    expect((await head.api.certificates[':id'].revoke.$post({ param: { id: secondCertificateId }, json: { reason: '重复' } })).status).toBe(409)
    expect((await student.api.certificates[':id'].revoke.$post({ param: { id: secondCertificateId }, json: { reason: '我自己撤销' } })).status).toBe(403)
    const after = await (await check(second.number, college.record.name)).json()
    expect(after).toMatchObject({ status: 'revoked', statusLabel: expect.stringContaining('撤销') })
    expect(JSON.stringify(after)).not.toContain('不实')
  })

  it('the holder sees when their certificate was checked, and nobody else does', async () => {
    const cert = await issue()
    const secondCertificateId = cert.id
    const employer = s.visitor()
    for (const name of [college.record.name, '刘雨', college.record.name])
      await employer.api.verify[':number'].$post({ param: { number: cert.number }, json: { name } })
    const log = await (await student.api.certificates[':id'].verifications.$get({ param: { id: secondCertificateId } })).json()
    expect(log.verifications.filter(v => v.nameMatched)).toHaveLength(2)
    expect(log.verifications.filter(v => !v.nameMatched)).toHaveLength(1)
    expect(Object.keys(log.verifications[0]!).sort()).toEqual(['at', 'nameMatched', 'number'])
    const stranger = s.visitor()
    await signIn(stranger, '13712340004')
    expect((await stranger.api.certificates[':id'].verifications.$get({ param: { id: secondCertificateId } })).status).toBe(404)
  })

  it('limits public checks to 30 a minute per address, with a clear 429', async () => {
    const cert = await issue()
    const busy = s.visitor('10.9.9.9')
    for (let i = 0; i < 30; i++)
      expect((await busy.api.verify[':number'].$post({ param: { number: cert.number }, json: { name: college.record.name } })).status).toBe(200)
    const blocked = await busy.api.verify[':number'].$post({ param: { number: cert.number }, json: { name: college.record.name } })
    expect(blocked.status).toBe(429)
    const body = await blocked.json() as unknown as { code: string, message: string, retryAfterSeconds: number }
    expect(body).toMatchObject({ code: 'VERIFY_RATE_LIMITED' })
    expect(body.retryAfterSeconds).toBeGreaterThan(0)
    expect(body.retryAfterSeconds).toBeLessThanOrEqual(60)
    expect((await s.visitor('10.9.9.10').api.verify[':number'].$post({ param: { number: cert.number }, json: { name: college.record.name } })).status).toBe(200)
    s.clock.advance(61_000)
    expect((await busy.api.verify[':number'].$post({ param: { number: cert.number }, json: { name: college.record.name } })).status).toBe(200)
  })

  it('a burst of 40 checks from one address answers 30 and refuses 10', async () => {
    const cert = await issue()
    const answers = await Promise.all(Array.from({ length: 40 }, () => s.visitor('10.9.8.7').api.verify[':number'].$post({ param: { number: cert.number }, json: { name: college.record.name } })))
    expect(answers.filter(a => a.status === 200)).toHaveLength(30)
    expect(answers.filter(a => (a.status as number) === 429)).toHaveLength(10)
  })

  it('warns the school\'s registrars once when a request is due soon and once when it is overdue, even with two sweepers', async () => {
    const filed = await student.api.records[':id']['certificate-requests'].$post({ param: { id: recordId }, json: application({ loss: 'damaged', occurredOn: '2026-09' }) })
    expect(filed.status, await filed.clone().text()).toBe(201)
    const { dueDate } = await filed.json()
    // Notices to the college's two registrars only: this test's own desk.
    const registrars = (await s.database.db.select({ id: accounts.id }).from(accounts).where(inArray(accounts.username, ['college.registrar', 'college.registrar2']))).map(a => a.id)
    const count = async (k: string) => (await s.database.db.select().from(notifications).where(and(eq(notifications.kind, k), inArray(notifications.accountId, registrars)))).length

    expect(await sweepCertificateRequests(s.deps)).toEqual({ dueSoon: 0, breached: 0 })
    // Two working days before the due date (design: the same warning window as complaint sheets).
    let day = new Date(`${dueDate}T02:00:00Z`)
    while (workingDaysBetween(day.toISOString().slice(0, 10), dueDate) < 2) day = new Date(day.getTime() - DAY)
    s.clock.now = new Date(day.getTime() - DAY)
    expect(await sweepCertificateRequests(s.deps)).toEqual({ dueSoon: 0, breached: 0 })
    s.clock.now = day
    const [a, b] = await Promise.all([sweepCertificateRequests(s.deps), sweepCertificateRequests(s.deps)])
    expect(a.dueSoon + b.dueSoon).toBe(1)
    expect(await count('certificate.dueSoon')).toBe(2) // 何文博 and the second registrar
    s.clock.now = new Date(new Date(`${dueDate}T16:00:00Z`).getTime() + DAY)
    const [c, d] = await Promise.all([sweepCertificateRequests(s.deps), sweepCertificateRequests(s.deps)])
    expect(c.breached + d.breached).toBe(1)
    expect(await sweepCertificateRequests(s.deps)).toEqual({ dueSoon: 0, breached: 0 })
    expect(await count('certificate.breached')).toBe(2)
    expect(await count('certificate.dueSoon')).toBe(2)
    const queue = await (await (await officer(s, 'college.registrar')).api.officer['certificate-requests'].$get({ query: { status: 'open' } })).json()
    expect(queue.requests[0]).toMatchObject({ studentName: college.record.name, clock: { overdue: true } })
  })

  it('a vocational graduate is sent to 河南政务服务网 rather than to the school, and still sees a certificate once issued (003:19)', async () => {
    const graduate = s.visitor()
    await signIn(graduate, '13712340005')
    const bound = await (await graduate.api.bindings.$post({ json: { relation: 'self', name: vocational.record.name, idNumber: vocational.record.idNumber! } })).json()
    const info = await (await graduate.api.records[':id'].certificates.$get({ param: { id: bound.recordId } })).json()
    expect(info).toMatchObject({ canApply: false, applyBlockedBy: 'PROVINCIAL_PORTAL', channel: 'provincialPortal', certificates: [] })
    expect(info.diploma).not.toBeNull() // the record still shows the diploma the certificate would replace
    const filed = await graduate.api.records[':id']['certificate-requests'].$post({ param: { id: bound.recordId }, json: application({ loss: 'damaged', occurredOn: '2026-09' }, vocational.record.name) })
    expect(filed.status).toBe(409)
    const body = await filed.json() as unknown as { code: string, message: string }
    expect(body.code).toBe('APPLY_ON_PROVINCIAL_PORTAL')
    expect(body.message).toContain('河南政务服务网')
    expect(body.message).toContain('003:19')
    const mine = await (await student.api.records[':id'].certificates.$get({ param: { id: recordId } })).json()
    expect(mine).toMatchObject({ channel: 'school', canApply: true }) // a college graduate still asks the school (002:19)
  })
})
