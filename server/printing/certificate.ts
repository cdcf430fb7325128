// The 学历证明书 (DOMAIN §3.3; 002:19, 001:4(7), 003:19) as a one-page A4 PDF: a framed page
// with the centred title, the number at the top right, the certifying text with every field of
// the diploma registration (002:17 / 003:17), the school and the date at the bottom right, and
// the QR code (verification address + signed content) in the bottom left corner with its caption.

import type { PDFFont, PDFPage } from 'pdf-lib'
import { degrees, PDFDocument, rgb, setCharacterSpacing } from 'pdf-lib'
import QRCode from 'qrcode'
import { embedChineseFonts } from './fonts.ts'
import { textWidth, wrapParagraph } from './textLayout.ts'

export interface CertificateDocument {
  number: string
  /** YYYY-MM-DD */
  issuedOn: string
  status: 'valid' | 'superseded' | 'revoked'
  loss: 'lost' | 'damaged'
  holder: { name: string, gender: 'male' | 'female', birthDate: string, idNumber: string | null }
  diploma: {
    number: string
    level: string
    major: string | null
    lengthOfSchooling: string
    studyForm: string
    /** YYYY-MM */
    startMonth: string
    endMonth: string
    conclusion: string
    principalName: string
  }
  schoolName: string
  /** 审核 and 出具 (dual control); printed small under the QR caption */
  reviewerName: string | null
  issuerName: string | null
  /** what the QR code holds: the verification address with the signed content */
  qrText: string
  /** where a reader types the number by hand, e.g. https://example.cn/verify */
  verifyPage: string
  keyId: string
}

export const CERTIFICATE_TITLE = '学历证明书'

// ---------------------------------------------------------------- page geometry (points, from the top left)

const PAGE_W = 595.28
const PAGE_H = 841.89
const FRAME_OUTER = 30
const FRAME_INNER = 36
const TEXT_X0 = 82
const TEXT_X1 = PAGE_W - 82
const TITLE_SIZE = 32
const TITLE_SPACING = 14
const TITLE_BASELINE = 138
const NUMBER_BASELINE = 186
const BODY_SIZE = 14.5
const BODY_PITCH = BODY_SIZE * 2.05
const BODY_TOP = 232
const PARAGRAPH_GAP = 4
const SIGN_SIZE = 14.5
const CAPTION_SIZE = 8.6
const CAPTION_PITCH = CAPTION_SIZE * 1.55
const INK = rgb(0, 0, 0)
const FRAME_INK = rgb(0.55, 0.09, 0.09)
const GREY = rgb(0.33, 0.33, 0.33)

/** Where the QR code sits (its modules, without the quiet zone), exported for the rendering test. */
export const CERTIFICATE_QR = { x: 62, top: PAGE_H - 62 - 112, size: 112 } as const

// ---------------------------------------------------------------- text

const CN_DIGITS = '〇一二三四五六七八九'

/** 2026-11-23 → 二〇二六年十一月二十三日, as dates under a seal are written. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-') as [string, string, string]
  const small = (n: number) => n < 10 ? CN_DIGITS[n]! : `${n >= 20 ? CN_DIGITS[Math.floor(n / 10)] : ''}十${n % 10 ? CN_DIGITS[n % 10] : ''}`
  return `${Array.from(y, c => CN_DIGITS[Number(c)]).join('')}年${small(Number(m))}月${small(Number(d))}日`
}

const ymd = (iso: string) => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`
const ym = (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`

/** The certifying text, paragraph by paragraph. */
export function certificateParagraphs(doc: CertificateDocument): string[] {
  const h = doc.holder
  const d = doc.diploma
  const id = h.idNumber ? `，身份证号${h.idNumber}` : ''
  const major = d.major ? `${d.major}专业` : ''
  const paper = d.conclusion.includes('结业') ? '结业证书' : '毕业证书'
  return [
    `兹证明${h.name}，${h.gender === 'male' ? '男' : '女'}，${ymd(h.birthDate)}出生${id}，于${ym(d.startMonth)}至${ym(d.endMonth)}在我校${major}${d.level}学习，学制${d.lengthOfSchooling}，学习形式${d.studyForm}，${ym(d.endMonth)}${d.conclusion}。`,
    `其${paper}（证书编号：${d.number}，校（院）长：${d.principalName}）因${doc.loss === 'lost' ? '遗失' : '损毁'}，特此证明。`,
    `本证明书与原${paper}具有同等效力，已在该生学历注册信息中标注。`,
  ]
}

function captionLines(doc: CertificateDocument): string[] {
  const people = [doc.reviewerName && `审核：${doc.reviewerName}`, doc.issuerName && `出具：${doc.issuerName}`].filter(Boolean).join('　')
  return [
    '扫描二维码核验本证明书的真伪和当前状态；',
    `也可访问 ${doc.verifyPage}，输入证明书编号和持证人姓名核验。`,
    `二维码内含经电子签名（Ed25519，密钥 ${doc.keyId}）的证明内容，`,
    '可凭学籍通公布的公钥离线核验。',
    ...(people ? [people] : []),
  ]
}

const STAMPS = { superseded: '已由新证明书取代', revoked: '已撤销' } as const

// ---------------------------------------------------------------- drawing

interface Fonts { regular: PDFFont, bold: PDFFont }

function drawText(page: PDFPage, text: string, x: number, baseline: number, size: number, font: PDFFont, color = INK, spacing = 0) {
  if (spacing)
    page.pushOperators(setCharacterSpacing(spacing))
  page.drawText(text, { x, y: PAGE_H - baseline, size, font, color })
  if (spacing)
    page.pushOperators(setCharacterSpacing(0))
}

function drawFrame(page: PDFPage) {
  const rect = (inset: number, width: number) => page.drawRectangle({
    x: inset,
    y: inset,
    width: PAGE_W - 2 * inset,
    height: PAGE_H - 2 * inset,
    borderColor: FRAME_INK,
    borderWidth: width,
  })
  rect(FRAME_OUTER, 2.2)
  rect(FRAME_INNER, 0.7)
}

/** The body: justified lines, each paragraph indented by two characters. Returns the y below it. */
function drawBody(page: PDFPage, doc: CertificateDocument, fonts: Fonts): number {
  const width = TEXT_X1 - TEXT_X0
  const indent = 2 * BODY_SIZE
  let top = BODY_TOP
  for (const para of certificateParagraphs(doc)) {
    const wrap = (w: number) => wrapParagraph(para, { font: fonts.regular, size: BODY_SIZE }, w, indent)
    let lines = wrap(width)
    // No last line of one or two characters: narrow the measure a character at a time (the
    // full lines are then justified back to the margin).
    for (let k = 1; k <= 4 && lines.length > 1 && Array.from(lines[lines.length - 1]!).length <= 2; k++)
      lines = wrap(width - k * BODY_SIZE)
    lines.forEach((line, i) => {
      const x = TEXT_X0 + (i === 0 ? indent : 0)
      const spare = width - (i === 0 ? indent : 0) - textWidth(fonts.regular, line, BODY_SIZE)
      const glyphs = Array.from(line).length
      const last = i === lines.length - 1
      const spacing = !last && glyphs > 1 && spare > 0 && spare / (glyphs - 1) < 0.15 * BODY_SIZE ? spare / (glyphs - 1) : 0
      drawText(page, line, x, top + BODY_PITCH / 2 + 0.36 * BODY_SIZE, BODY_SIZE, fonts.regular, INK, spacing)
      top += BODY_PITCH
    })
    top += PARAGRAPH_GAP
  }
  return top
}

/** School and date, right-aligned as under a seal, the date centred under the school. */
function drawSignature(page: PDFPage, doc: CertificateDocument, fonts: Fonts, below: number) {
  const school = doc.schoolName
  const date = chineseDate(doc.issuedOn)
  const wSchool = textWidth(fonts.bold, school, SIGN_SIZE)
  const wDate = textWidth(fonts.regular, date, SIGN_SIZE)
  const right = TEXT_X1 - BODY_SIZE
  const block = Math.max(wSchool, wDate)
  const centre = right - block / 2
  const top = Math.max(below + 56, 530)
  drawText(page, school, centre - wSchool / 2, top, SIGN_SIZE, fonts.bold)
  drawText(page, date, centre - wDate / 2, top + SIGN_SIZE * 2.2, SIGN_SIZE, fonts.regular)
}

/** The QR code, drawn as vector squares (runs of dark modules merged per row). */
function drawQr(page: PDFPage, text: string) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const n = qr.modules.size
  const m = CERTIFICATE_QR.size / n
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n;) {
      if (!qr.modules.get(r, c)) {
        c++
        continue
      }
      let end = c
      while (end < n && qr.modules.get(r, end)) end++
      page.drawRectangle({ x: CERTIFICATE_QR.x + c * m, y: PAGE_H - (CERTIFICATE_QR.top + (r + 1) * m), width: (end - c) * m, height: m, color: INK })
      c = end
    }
  }
}

function drawCaption(page: PDFPage, doc: CertificateDocument, fonts: Fonts) {
  const x = CERTIFICATE_QR.x + CERTIFICATE_QR.size + 14
  const lines = captionLines(doc)
  let baseline = CERTIFICATE_QR.top + CERTIFICATE_QR.size - (lines.length - 1) * CAPTION_PITCH - 2
  for (const line of lines) {
    drawText(page, line, x, baseline, CAPTION_SIZE, fonts.regular, GREY)
    baseline += CAPTION_PITCH
  }
}

function drawStamp(page: PDFPage, doc: CertificateDocument, fonts: Fonts) {
  if (doc.status === 'valid')
    return
  const text = STAMPS[doc.status]
  const size = 54
  const w = textWidth(fonts.bold, text, size)
  const angle = 28
  const rad = (angle * Math.PI) / 180
  // Centre the rotated line on the middle of the body.
  const cx = PAGE_W / 2
  const cy = PAGE_H - 380
  page.drawText(text, {
    x: cx - (w / 2) * Math.cos(rad) + (size / 3) * Math.sin(rad),
    y: cy - (w / 2) * Math.sin(rad) - (size / 3) * Math.cos(rad),
    size,
    font: fonts.bold,
    color: rgb(0.8, 0.1, 0.1),
    opacity: 0.35,
    rotate: degrees(angle),
  })
}

/** The 学历证明书 as an A4 portrait PDF with the Chinese font subset embedded. */
export async function renderCertificatePdf(doc: CertificateDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  pdf.setTitle(`${CERTIFICATE_TITLE}（编号 ${doc.number}）`, { showInWindowTitleBar: true })
  pdf.setSubject(CERTIFICATE_TITLE)
  pdf.setAuthor(doc.schoolName)
  pdf.setCreator('学籍通')
  pdf.setProducer('学籍通 (pdf-lib)')
  pdf.setLanguage('zh-CN')

  const numberLine = `编号：${doc.number}`
  const regularText = [numberLine, ...certificateParagraphs(doc), chineseDate(doc.issuedOn), ...captionLines(doc)].join('')
  const boldText = [CERTIFICATE_TITLE, doc.schoolName, doc.status === 'valid' ? '' : STAMPS[doc.status]].join('')
  const fonts = await embedChineseFonts(pdf, regularText, boldText)
  const page = pdf.addPage([PAGE_W, PAGE_H])

  drawFrame(page)
  const titleWidth = textWidth(fonts.bold, CERTIFICATE_TITLE, TITLE_SIZE) + TITLE_SPACING * (Array.from(CERTIFICATE_TITLE).length - 1)
  drawText(page, CERTIFICATE_TITLE, (PAGE_W - titleWidth) / 2, TITLE_BASELINE, TITLE_SIZE, fonts.bold, INK, TITLE_SPACING)
  drawText(page, numberLine, TEXT_X1 - textWidth(fonts.regular, numberLine, 10.5), NUMBER_BASELINE, 10.5, fonts.regular)
  const below = drawBody(page, doc, fonts)
  drawSignature(page, doc, fonts, below)
  drawQr(page, doc.qrText)
  drawCaption(page, doc, fonts)
  drawStamp(page, doc, fonts)
  return pdf.save()
}
