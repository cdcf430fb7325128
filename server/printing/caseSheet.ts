// The two complaint sheets of DOMAIN §4 as A4 PDFs, laid out like 附件2 (核查单) and
// 附件3 (督办单) of the source notice: centred title, 编号 at the top right, and a bordered
// grid with the attachment's rows and labels in order. Long text in the large cells wraps,
// the row grows, and past the page it goes on to a 续页 with the label repeated.

import type { PDFFont, PDFPage } from 'pdf-lib'
import { PDFDocument, rgb, setCharacterSpacing } from 'pdf-lib'
import { embedChineseFonts } from './fonts.ts'
import { paragraphs, textWidth, tokenize, wrapBalanced, wrapParagraph } from './textLayout.ts'

export interface CaseSheetDocument {
  kind: 'check' | 'supervise'
  /** 编号 */
  number: string
  complainant: { name: string, gender: string, age: number | null, ethnicity: string, idNumber: string, phone: string }
  student: { name: string, gender: string, age: number | null, ethnicity: string, registryNo: string, idNumber: string }
  /** 所投诉事项(由处理责任单位填写) on the 核查单, 投诉事项 on the 督办单 */
  matter: string
  /** check: 处理责任单位 / 责任人 / 联系电话 */
  responsibleUnit?: { name: string, person: string, phone: string }
  /** supervise: 督办单位 / 责任人 / 联系电话 */
  supervisingUnit?: { name: string, person: string, phone: string }
  /** 承办单位 / 承办人 / 联系电话 (on a 督办单: the supervised 处理责任单位, design) */
  handlingUnit: { name: string, person: string, phone: string }
  /** supervise: the unit doing the work below the supervised bureau (a school), named in a note */
  currentHandler?: { name: string, person: string, phone: string }
  /** YYYY-MM-DD: 交办时间 (check) / 督办时间 (supervise) */
  assignedOn: string
  /** YYYY-MM-DD: 完成时限 */
  dueOn: string
  /** the 完成时限 lies past the published holiday schedule: counted on the 办法's holidays, 调休 unknown */
  dueProvisional?: boolean
  /** YYYY-MM-DD: the 完成时限 as first issued, and the working days an approved extension added */
  issuedDueOn?: string | null
  extensionDays?: number
  /** check: 经核实的情况 (由承办单位填写) */
  findings?: string | null
  /** supervise: 办理意见 */
  instructions?: string | null
  /** supervise: 办理情况 (承办单位填写) */
  outcome?: string | null
}

/** design: a provisional 完成时限 says so on paper, next to the date and under the grid. */
export const PROVISIONAL_MARK = '（暂定）'
export const PROVISIONAL_NOTE = '注：完成时限超出国务院已公布的放假安排，按法定节假日推算，未计调休，以正式放假安排为准。'

export const CASE_SHEET_TITLES = {
  check: '群众投诉中小学生学籍管理问题核查单',
  supervise: '群众投诉中小学生学籍管理问题督办单',
} as const

// ---------------------------------------------------------------- page geometry (points)

const PAGE_W = 595.28
const PAGE_H = 841.89
const MARGIN_X = 40
const TABLE_W = PAGE_W - 2 * MARGIN_X
/** The attachment's grid has eight columns; every row is cut from them. */
const COLUMN_WIDTHS = [82, 74, 40, 40, 78, 60, 56, 85]
const COLUMN_X = COLUMN_WIDTHS.reduce<number[]>((xs, w) => [...xs, xs[xs.length - 1]! + w], [0])
if (Math.abs(COLUMN_X[COLUMN_X.length - 1]! - TABLE_W) > 0.5)
  throw new Error('case sheet columns do not fill the table')

const TITLE_SIZE = 20
const CONTINUED_TITLE_SIZE = 15
const TEXT_SIZE = 11
const NOTE_SIZE = 9
const FOOTER_SIZE = 8
/** Line pitch inside the one-line cells and labels, and inside the large text cells. */
const CELL_LEADING = 1.3
const BLOCK_LEADING = 1.75
const ROW_MIN_H = 30
const CELL_PAD_X = 5
const CELL_PAD_Y = 6
const BLOCK_PAD_X = 9
const BLOCK_PAD_Y = 9
/** Distances from the top of the page. */
const TITLE_TOP = 50
const CONTINUED_TITLE_TOP = 40
/** Lowest point of the table, from the top of the page; the footer sits under it. */
const TABLE_LIMIT = PAGE_H - 54
const FOOTER_BASELINE = PAGE_H - 30
const MIN_SPLIT_LINES = 3
const INK = rgb(0, 0, 0)
const FOOTER_INK = rgb(0.4, 0.4, 0.4)
const OUTER_RULE = 1.1
const INNER_RULE = 0.6
/** Smallest size a code or number is shrunk to before it is allowed to wrap. */
const MIN_SHRINK_SIZE = 7.5

// ---------------------------------------------------------------- the two forms, row by row

interface Party { name: string, person: string, phone: string }

/** One cell of a one-line row: columns [from, to) of the grid. */
interface GridCell { from: number, to: number, text: string, label?: true }
type Row
  = | { type: 'grid', cells: GridCell[] }
    | { type: 'block', label: string, note?: string, text: string | null | undefined, minHeight: number }

const label = (from: number, to: number, text: string): GridCell => ({ from, to, text, label: true })
const value = (from: number, to: number, text: string): GridCell => ({ from, to, text })

/** 2026-11-23 → 2026 年 11 月 23 日; an empty date leaves the blank 年 月 日 of the paper form. */
export function formatSheetDate(iso: string): string {
  if (iso.trim() === '')
    return '　　　年　　月　　日'
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim())
  if (!m)
    throw new Error(`Not a YYYY-MM-DD date: ${iso}`)
  return `${m[1]} 年 ${Number(m[2])} 月 ${Number(m[3])} 日`
}

const age = (a: number | null) => (a === null || a === undefined ? '' : String(a))

function sheetRows(doc: CaseSheetDocument): Row[] {
  const c = doc.complainant
  const s = doc.student
  const people: Row[] = [
    { type: 'grid', cells: [label(0, 1, '投诉人姓名'), value(1, 2, c.name), label(2, 3, '性别'), value(3, 4, c.gender), label(4, 5, '年龄'), value(5, 6, age(c.age)), label(6, 7, '民族'), value(7, 8, c.ethnicity)] },
    { type: 'grid', cells: [label(0, 1, '身份证号'), value(1, 4, c.idNumber), label(4, 5, '联系电话'), value(5, 8, c.phone)] },
    { type: 'grid', cells: [label(0, 1, '学生姓名'), value(1, 2, s.name), label(2, 3, '性别'), value(3, 4, s.gender), label(4, 5, '年龄'), value(5, 6, age(s.age)), label(6, 7, '民族'), value(7, 8, s.ethnicity)] },
    { type: 'grid', cells: [label(0, 1, '学生学籍号'), value(1, 4, s.registryNo), label(4, 5, '学生身份证号'), value(5, 8, s.idNumber)] },
  ]
  const unitRow = (unitLabel: string, personLabel: string, p: Party | undefined): Row => ({
    type: 'grid',
    cells: [label(0, 1, unitLabel), value(1, 4, p?.name ?? ''), label(4, 5, personLabel), value(5, 6, p?.person ?? ''), label(6, 7, '联系电话'), value(7, 8, p?.phone ?? '')],
  })
  const dateRow = (dateLabel: string): Row => ({
    type: 'grid',
    cells: [label(0, 1, dateLabel), value(1, 4, formatSheetDate(doc.assignedOn)), label(4, 5, '完成时限'), value(5, 8, `${formatSheetDate(doc.dueOn)}${doc.dueProvisional ? PROVISIONAL_MARK : ''}`)],
  })
  if (doc.kind === 'check') {
    return [
      ...people,
      { type: 'block', label: '所投诉事项', note: '（由处理责任单位填写）', text: doc.matter, minHeight: 170 },
      unitRow('处理责任单位', '责任人', doc.responsibleUnit),
      unitRow('承办单位', '承办人', doc.handlingUnit),
      dateRow('交办时间'),
      { type: 'block', label: '经核实的情况', note: '（由承办单位填写）', text: doc.findings, minHeight: 200 },
    ]
  }
  return [
    ...people,
    { type: 'block', label: '投诉事项', text: doc.matter, minHeight: 130 },
    unitRow('督办单位', '责任人', doc.supervisingUnit),
    unitRow('承办单位', '承办人', doc.handlingUnit),
    dateRow('督办时间'),
    { type: 'block', label: '办理意见', text: doc.instructions, minHeight: 130 },
    { type: 'block', label: '办理情况', note: '（承办单位填写）', text: doc.outcome, minHeight: 150 },
  ]
}

// ---------------------------------------------------------------- layout

interface Fonts { regular: PDFFont, bold: PDFFont }

/** A line of text ready to draw: x is the line's left edge, y its baseline (both from the page's top left). */
interface TextRun { text: string, x: number, y: number, size: number, font: PDFFont, spacing?: number }
interface Box { x0: number, x1: number, top: number, bottom: number }
interface PageLayout { boxes: Box[], texts: TextRun[], tableTop: number, tableBottom: number }

/** Baseline of a line whose box starts at `top` and is `pitch` high (ideographs sit centred in it). */
const baseline = (top: number, pitch: number, size: number) => top + pitch / 2 + 0.36 * size

interface CellLine { text: string, size: number, font: PDFFont, pitch: number }

/** Lines of a one-line-row cell: centred, codes shrunk to fit, other text wrapped and balanced. */
function gridCellLines(cell: GridCell, fonts: Fonts): CellLine[] {
  const width = COLUMN_X[cell.to]! - COLUMN_X[cell.from]! - 2 * CELL_PAD_X
  const font = fonts.regular
  const text = paragraphs(cell.text).join(' ')
  if (text === '')
    return []
  // Numbers and codes (ID numbers, 学籍号, phone numbers) read badly cut in two: shrink the
  // type until the longest of them fits, then wrap between words and Chinese characters.
  const longest = Math.max(...tokenize(text).map(t => textWidth(font, t, TEXT_SIZE)))
  const size = longest > width ? Math.max(MIN_SHRINK_SIZE, (TEXT_SIZE * width) / longest) : TEXT_SIZE
  return wrapBalanced(text, { font, size }, width).map(line => ({ text: line, size, font, pitch: size * CELL_LEADING }))
}

/** Lines of a block row's label: the label, then its note in small type, both centred. */
function blockLabelLines(row: Extract<Row, { type: 'block' }>, fonts: Fonts, continued: boolean): CellLine[] {
  const width = COLUMN_X[1]! - 2 * CELL_PAD_X
  const lines: CellLine[] = [row.label, ...(continued ? ['（续）'] : [])]
    .flatMap(part => wrapBalanced(part, { font: fonts.regular, size: TEXT_SIZE }, width))
    .map(text => ({ text, size: TEXT_SIZE, font: fonts.regular, pitch: TEXT_SIZE * CELL_LEADING }))
  if (row.note) {
    lines.push(...wrapBalanced(row.note, { font: fonts.regular, size: NOTE_SIZE }, width)
      .map(text => ({ text, size: NOTE_SIZE, font: fonts.regular, pitch: NOTE_SIZE * CELL_LEADING })))
  }
  return lines
}

/** A line of a large text cell; `last` marks a paragraph's last line (left ragged, not justified). */
interface BlockLine { text: string, indent: number, last: boolean }

function blockTextLines(text: string | null | undefined, fonts: Fonts): BlockLine[] {
  const width = TABLE_W - COLUMN_X[1]! - 2 * BLOCK_PAD_X
  const indent = 2 * TEXT_SIZE
  const out: BlockLine[] = []
  for (const para of paragraphs(text)) {
    const lines = wrapParagraph(para, { font: fonts.regular, size: TEXT_SIZE }, width, indent)
    lines.forEach((line, i) => out.push({ text: line, indent: i === 0 ? indent : 0, last: i === lines.length - 1 }))
  }
  return out
}

/** Centred lines in a box, the group centred vertically. */
function placeCentred(lines: CellLine[], box: Box, texts: TextRun[]) {
  const height = lines.reduce((h, l) => h + l.pitch, 0)
  let top = (box.top + box.bottom) / 2 - height / 2
  for (const l of lines) {
    const w = textWidth(l.font, l.text, l.size)
    texts.push({ text: l.text, x: (box.x0 + box.x1) / 2 - w / 2, y: baseline(top, l.pitch, l.size), size: l.size, font: l.font })
    top += l.pitch
  }
}

function layoutSheet(doc: CaseSheetDocument, fonts: Fonts): PageLayout[] {
  const pages: PageLayout[] = []
  let page!: PageLayout
  let y = 0
  const tableTopFirst = TITLE_TOP + TITLE_SIZE + 36
  const tableTopContinued = CONTINUED_TITLE_TOP + CONTINUED_TITLE_SIZE + 36
  const newPage = () => {
    const top = pages.length === 0 ? tableTopFirst : tableTopContinued
    page = { boxes: [], texts: [], tableTop: top, tableBottom: top }
    pages.push(page)
    y = top
  }
  newPage()
  const blockPitch = TEXT_SIZE * BLOCK_LEADING

  for (const row of sheetRows(doc)) {
    if (row.type === 'grid') {
      const cells = row.cells.map(cell => ({ cell, lines: gridCellLines(cell, fonts) }))
      const content = Math.max(...cells.map(c => c.lines.reduce((h, l) => h + l.pitch, 0)))
      const height = Math.max(ROW_MIN_H, content + 2 * CELL_PAD_Y)
      if (y + height > TABLE_LIMIT && y > page.tableTop)
        newPage()
      for (const { cell, lines } of cells) {
        const box = { x0: COLUMN_X[cell.from]!, x1: COLUMN_X[cell.to]!, top: y, bottom: y + height }
        page.boxes.push(box)
        placeCentred(lines, box, page.texts)
      }
      y += height
      page.tableBottom = y
      continue
    }

    let remaining = blockTextLines(row.text, fonts)
    let continued = false
    for (;;) {
      const labelLines = blockLabelLines(row, fonts, continued)
      const labelHeight = labelLines.reduce((h, l) => h + l.pitch, 0) + 2 * CELL_PAD_Y
      const textHeight = remaining.length * blockPitch + 2 * BLOCK_PAD_Y
      const natural = Math.max(labelHeight, textHeight)
      const room = TABLE_LIMIT - y
      let take: number
      let height: number
      if (natural <= room) {
        take = remaining.length
        height = Math.min(room, Math.max(natural, continued ? natural : row.minHeight))
      }
      else {
        take = Math.floor((room - 2 * BLOCK_PAD_Y) / blockPitch)
        if (take < MIN_SPLIT_LINES || labelHeight > room) {
          if (y > page.tableTop) {
            newPage()
            continue
          }
          take = Math.max(1, take)
        }
        height = room
      }
      const labelBox = { x0: 0, x1: COLUMN_X[1]!, top: y, bottom: y + height }
      const textBox = { x0: COLUMN_X[1]!, x1: TABLE_W, top: y, bottom: y + height }
      page.boxes.push(labelBox, textBox)
      placeCentred(labelLines, labelBox, page.texts)
      const width = textBox.x1 - textBox.x0 - 2 * BLOCK_PAD_X
      remaining.slice(0, take).forEach((line, i) => {
        const x = textBox.x0 + BLOCK_PAD_X + line.indent
        const w = textWidth(fonts.regular, line.text, TEXT_SIZE)
        const glyphs = Array.from(line.text).length
        // Justify full lines by spacing the characters a little, as typeset Chinese is.
        const spare = width - line.indent - w
        const spacing = !line.last && glyphs > 1 && spare > 0 && spare / (glyphs - 1) < 0.12 * TEXT_SIZE ? spare / (glyphs - 1) : undefined
        const top = y + BLOCK_PAD_Y + i * blockPitch
        page.texts.push({ text: line.text, x, y: baseline(top, blockPitch, TEXT_SIZE), size: TEXT_SIZE, font: fonts.regular, spacing })
      })
      y += height
      page.tableBottom = y
      remaining = remaining.slice(take)
      if (remaining.length === 0)
        break
      newPage()
      continued = true
    }
  }

  // Like the paper form, the last cell runs down to the foot of the page.
  const last = pages[pages.length - 1]!
  const lastBoxes = last.boxes.filter(b => b.bottom === last.tableBottom)
  if (lastBoxes.length === 2 && lastBoxes[0]!.x1 === COLUMN_X[1]) {
    const stretch = TABLE_LIMIT - last.tableBottom
    for (const b of lastBoxes) b.bottom = TABLE_LIMIT
    for (const t of last.texts) {
      if (t.x < COLUMN_X[1]! && t.y > lastBoxes[0]!.top)
        t.y += stretch / 2
    }
    last.tableBottom = TABLE_LIMIT
  }
  return pages
}

// ---------------------------------------------------------------- drawing

function drawPage(pdfPage: PDFPage, layout: PageLayout, doc: CaseSheetDocument, fonts: Fonts, pageNo: number, pageCount: number) {
  const toPdfY = (y: number) => PAGE_H - y
  const left = MARGIN_X
  const title = CASE_SHEET_TITLES[doc.kind]

  const drawText = (text: string, x: number, y: number, size: number, font: PDFFont, color = INK) =>
    pdfPage.drawText(text, { x: left + x, y: toPdfY(y), size, font, color })

  if (pageNo === 1) {
    const w = textWidth(fonts.bold, title, TITLE_SIZE)
    drawText(title, (TABLE_W - w) / 2, baseline(TITLE_TOP, TITLE_SIZE * 1.2, TITLE_SIZE), TITLE_SIZE, fonts.bold)
  }
  else {
    const t = `${title}（续页）`
    const w = textWidth(fonts.bold, t, CONTINUED_TITLE_SIZE)
    drawText(t, (TABLE_W - w) / 2, baseline(CONTINUED_TITLE_TOP, CONTINUED_TITLE_SIZE * 1.2, CONTINUED_TITLE_SIZE), CONTINUED_TITLE_SIZE, fonts.bold)
  }
  const numberText = `编号：${doc.number}`
  const numberW = textWidth(fonts.regular, numberText, TEXT_SIZE)
  drawText(numberText, TABLE_W - numberW, layout.tableTop - 8, TEXT_SIZE, fonts.regular)

  for (const b of layout.boxes) {
    pdfPage.drawRectangle({
      x: left + b.x0,
      y: toPdfY(b.bottom),
      width: b.x1 - b.x0,
      height: b.bottom - b.top,
      borderColor: INK,
      borderWidth: INNER_RULE,
    })
  }
  pdfPage.drawRectangle({
    x: left,
    y: toPdfY(layout.tableBottom),
    width: TABLE_W,
    height: layout.tableBottom - layout.tableTop,
    borderColor: INK,
    borderWidth: OUTER_RULE,
  })

  for (const t of layout.texts) {
    if (t.spacing)
      pdfPage.pushOperators(setCharacterSpacing(t.spacing))
    drawText(t.text, t.x, t.y, t.size, t.font)
    if (t.spacing)
      pdfPage.pushOperators(setCharacterSpacing(0))
  }

  const footer = `学籍通 生成 · 第 ${pageNo} 页 共 ${pageCount} 页`
  const fw = textWidth(fonts.regular, footer, FOOTER_SIZE)
  drawText(footer, (TABLE_W - fw) / 2, FOOTER_BASELINE, FOOTER_SIZE, fonts.regular, FOOTER_INK)
  // Notes between the table's lowest point and the footer, the last one just above the footer.
  sheetNotes(doc).reverse().forEach((note, i) => drawText(note, 0, FOOTER_BASELINE - 11 - i * 10, FOOTER_SIZE, fonts.regular))
}

/** The lines printed under the grid: an extended and a provisional 完成时限 say so. */
export function sheetNotes(doc: CaseSheetDocument): string[] {
  const notes: string[] = []
  if (doc.kind === 'supervise' && doc.currentHandler?.name) {
    const h = doc.currentHandler
    const who = [h.person && `承办人 ${h.person}`, h.phone && `联系电话 ${h.phone}`].filter(Boolean).join('，')
    notes.push(`注：本件现由${h.name}具体承办${who ? `（${who}）` : ''}。`)
  }
  if (doc.extensionDays && doc.issuedDueOn)
    notes.push(`注：原完成时限 ${formatSheetDate(doc.issuedDueOn)}，经批准延期 ${doc.extensionDays} 个工作日，完成时限为 ${formatSheetDate(doc.dueOn)}。`)
  if (doc.dueProvisional)
    notes.push(PROVISIONAL_NOTE)
  return notes
}

/** Every character the sheet can draw, so the embedded font subset holds all of them. */
function sheetCharacters(doc: CaseSheetDocument): string {
  const rows = sheetRows(doc)
  const parts: string[] = [CASE_SHEET_TITLES[doc.kind], '（续页）（续）编号：学籍通 生成 · 第 页 共 页', PROVISIONAL_MARK, ...sheetNotes(doc), doc.number]
  for (const row of rows) {
    if (row.type === 'grid')
      parts.push(...row.cells.map(c => c.text))
    else parts.push(row.label, row.note ?? '', row.text ?? '')
  }
  return parts.join('')
}

/** The 核查单 or 督办单 of one complaint as an A4 portrait PDF. */
export async function renderCaseSheetPdf(doc: CaseSheetDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  const title = CASE_SHEET_TITLES[doc.kind]
  pdf.setTitle(`${title}（编号 ${doc.number}）`, { showInWindowTitleBar: true })
  pdf.setSubject(title)
  pdf.setAuthor('学籍通')
  pdf.setCreator('学籍通')
  pdf.setProducer('学籍通 (pdf-lib)')
  pdf.setLanguage('zh-CN')

  const fonts = await embedChineseFonts(pdf, sheetCharacters(doc), `${title}（续页）`)
  const layouts = layoutSheet(doc, fonts)
  layouts.forEach((layout, i) => {
    const page = pdf.addPage([PAGE_W, PAGE_H])
    drawPage(page, layout, doc, fonts, i + 1, layouts.length)
  })
  return pdf.save()
}
