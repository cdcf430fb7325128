// The printed 核查单 / 督办单 (DOMAIN §4, 附件2 and 附件3 of the source notice).
//
// Text checks go through pdftotext; they are not enough on their own: a PDF whose Chinese
// glyphs were dropped by pdf-lib's subsetting still yields the right text. So the PDFs are
// also rasterised with pdftoppm and the ink of a heading is compared with the ink of its
// characters drawn one by one (a heading missing glyphs has a fraction of that ink).

import type { CaseSheetDocument } from '../../server/printing/caseSheet.ts'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PDFDocument } from 'pdf-lib'
import { beforeAll, describe, expect, it } from 'vitest'
import { CASE_SHEET_TITLES, formatSheetDate, renderCaseSheetPdf } from '../../server/printing/caseSheet.ts'
import { embedChineseFonts } from '../../server/printing/fonts.ts'
import { wrapParagraph } from '../../server/printing/textLayout.ts'

const OUT = 'test/output/printing'

const popplerMissing = ['pdftotext', 'pdftoppm'].filter(tool => spawnSync(tool, ['-v']).error !== undefined)
if (popplerMissing.length > 0) {
  const why = `${popplerMissing.join(' and ')} not found (install Debian's poppler-utils)`
  if (process.env.REQUIRE_BROWSER)
    throw new Error(`PDF rendering tests are required but cannot run: ${why}`)
  console.warn(`[printing tests] SKIPPED the pdftotext/pdftoppm checks: ${why}.`)
}
const poppler = popplerMissing.length === 0

const FINDINGS = [
  '经查，该生王小雨于2025年9月1日由郑州市金水区文化路第二小学转入郑州市金水区丰产路小学就读，转入学校已办理入学手续，但转出学校未在全国中小学生学籍信息管理系统中发起转学申请，致使该生学籍仍保留在原校，形成“人籍分离”。',
  '承办单位已于2026年11月20日约谈两校分管副校长和学籍管理员，责令转出学校当日通过系统发起转学申请，转入学校于次日完成核办，区教育局学籍管理部门于11月23日审核通过。目前该生学籍已转入丰产路小学，学籍号G410105201501011234保持不变，学籍卡信息与户籍一致。',
  '同时，区教育局对全区小学2025学年秋季学期转学情况进行了全面排查，共核查转学学生1,236人，发现学籍未接续问题3例，均已于规定时限内整改完毕。今后将每周登录系统清理待办事项，对“空挂学籍”“人籍分离”等问题实行动态监测，确保学籍信息真实、准确、完整。',
  '投诉人对处理结果表示满意（电话回访，2026年11月24日，回访人：李敏）。',
].join('\n')

const checkSheet: CaseSheetDocument = {
  kind: 'check',
  number: '豫教学籍〔2026〕核字第0153号',
  complainant: { name: '王建国', gender: '男', age: 41, ethnicity: '汉族', idNumber: '410105198503127715', phone: '13803710246' },
  student: { name: '王小雨', gender: '女', age: 10, ethnicity: '汉族', registryNo: 'G410105201501011234', idNumber: '410105201501011246' },
  matter: '投诉人反映：其女儿王小雨于2025年9月从文化路第二小学转入丰产路小学就读，至今已一年有余，学籍仍未转入现就读学校，孩子无法参加学校组织的学生综合素质评价，多次向两校反映均未解决。请求尽快办理学籍转接手续。',
  responsibleUnit: { name: '郑州市金水区教育局', person: '赵文华', phone: '0371-65951234' },
  handlingUnit: { name: '郑州市金水区丰产路小学', person: '孙丽', phone: '0371-63821567' },
  assignedOn: '2026-11-16',
  dueOn: '2026-11-23',
  findings: FINDINGS,
}

const superviseSheet: CaseSheetDocument = {
  kind: 'supervise',
  number: '郑教督〔2026〕第027号',
  complainant: { name: '阿依古丽·买买提', gender: '女', age: 36, ethnicity: '维吾尔族', idNumber: '65010219900512402X', phone: '15936281407' },
  student: { name: '艾力·买买提', gender: '男', age: 13, ethnicity: '维吾尔族', registryNo: 'G650102201303150417', idNumber: '650102201303150417' },
  matter: '投诉人反映，其子艾力·买买提随父母来郑务工，2026年9月起在郑州市第四十七中学借读，学校以缺少户籍地转学证明为由未为其建立学籍。投诉人于2026年10月8日向区教育局反映，至今未获答复。',
  supervisingUnit: { name: '郑州市教育局', person: '陈志强', phone: '0371-67181234' },
  handlingUnit: { name: '郑州市管城回族区教育局', person: '马晓燕', phone: '0371-66213579' },
  assignedOn: '2026-11-02',
  dueOn: '2026-11-13',
  instructions: '该投诉已超过完成时限且未办结。请承办单位于2026年11月13日前：一、核实该生在校就读情况，依据随迁子女就学有关规定为其办理学籍注册；二、查明延迟答复原因，对相关责任人予以批评教育；三、将办理情况书面报送市教育局基础教育处，并答复投诉人。',
  outcome: '经核实，该生自2026年9月1日起在郑州市第四十七中学七年级（3）班就读。区教育局已于2026年11月10日指导学校通过系统为其注册学籍，学籍号G650102201303150417，并于当日电话答复投诉人。已对学校学籍管理员进行约谈并通报批评。',
}

/** Long enough that 经核实的情况 runs onto a second page. */
const longCheckSheet: CaseSheetDocument = { ...checkSheet, number: '豫教学籍〔2026〕核字第0154号', findings: Array.from({ length: 4 }).fill(FINDINGS).join('\n') }

/** A long 所投诉事项 pushes the rest of the grid onto page 2; a long unit name wraps, a phone with 转 shrinks. */
const longMatterSheet: CaseSheetDocument = {
  ...checkSheet,
  number: '豫教学籍〔2026〕核字第0155号',
  matter: Array.from({ length: 14 }).fill(checkSheet.matter).join('\n'),
  responsibleUnit: { name: '郑州市金水区教育局基础教育科学籍管理办公室（学籍服务窗口）', person: '欧阳明月', phone: '0371-65951234转8021' },
  findings: '经查属实，已整改。',
}

const labels = {
  check: ['编号', '投诉人姓名', '性别', '年龄', '民族', '身份证号', '联系电话', '学生姓名', '学生学籍号', '学生身份证号', '所投诉事项', '（由处理责任单位填写）', '处理责任单位', '责任人', '承办单位', '承办人', '交办时间', '完成时限', '经核实的情况', '（由承办单位填写）'],
  supervise: ['编号', '投诉人姓名', '性别', '年龄', '民族', '身份证号', '联系电话', '学生姓名', '学生学籍号', '学生身份证号', '投诉事项', '督办单位', '责任人', '承办单位', '承办人', '督办时间', '完成时限', '办理意见', '办理情况', '（承办单位填写）'],
}

function valuesOf(doc: CaseSheetDocument): string[] {
  const units = [doc.responsibleUnit, doc.supervisingUnit, doc.handlingUnit].filter(u => u !== undefined)
  return [
    doc.number,
    ...Object.values(doc.complainant).map(String),
    ...Object.values(doc.student).map(String),
    doc.matter,
    ...units.flatMap(u => [u.name, u.person, u.phone]),
    formatSheetDate(doc.assignedOn),
    formatSheetDate(doc.dueOn),
    ...[doc.findings, doc.instructions, doc.outcome].flatMap(t => (t ? t.split('\n') : [])),
  ]
}

const squash = (s: string) => s.replace(/\s+/g, '')

/** The text in drawing order (-raw), which is cell by cell, line by line. */
function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
}

/** Renders page 1 to a greyscale PGM and counts pixels darker than mid-grey. */
function inkOf(file: string, dpi = 60): number {
  const pgm = execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-f', '1', '-l', '1', file])
  // Header: "P5\n<w> <h>\n<max>\n" then one byte a pixel.
  const header = /^P5\s+\d+\s+\d+\s+\d+\s/.exec(pgm.subarray(0, 40).toString('latin1'))
  if (!header)
    throw new Error('pdftoppm did not produce a PGM')
  const pixels = pgm.subarray(header[0].length)
  let ink = 0
  for (const p of pixels) {
    if (p < 128)
      ink++
  }
  return ink
}

async function headingPdf(text: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  const { bold } = await embedChineseFonts(pdf, text)
  const page = pdf.addPage([60 + text.length * 40, 120])
  page.drawText(text, { x: 30, y: 45, size: 40, font: bold })
  return pdf.save()
}

function writeOut(name: string, bytes: Uint8Array): string {
  const file = join(OUT, name)
  writeFileSync(file, bytes)
  return file
}

beforeAll(() => {
  mkdirSync(OUT, { recursive: true })
})

describe('case sheet PDF (核查单 / 督办单)', () => {
  it('formats dates the way the paper form reads', () => {
    expect(formatSheetDate('2026-11-23')).toBe('2026 年 11 月 23 日')
    expect(formatSheetDate('2026-03-05')).toBe('2026 年 3 月 5 日')
    expect(() => formatSheetDate('23/11/2026')).toThrow()
  })

  it('wraps Chinese text without starting a line with a closing mark', async () => {
    const pdf = await PDFDocument.create()
    const { regular } = await embedChineseFonts(pdf, FINDINGS)
    for (const width of [120, 173, 260, 419]) {
      const lines = wrapParagraph(FINDINGS.split('\n')[0]!, { font: regular, size: 11 }, width)
      expect(lines.join('')).toBe(FINDINGS.split('\n')[0])
      for (const line of lines) {
        expect(regular.widthOfTextAtSize(line, 11)).toBeLessThanOrEqual(width + 0.01)
        expect(line).not.toMatch(/^[，。、；：？！）”]/)
        expect(line).not.toMatch(/[（“]$/)
      }
    }
  })

  it('renders both sheets as A4 portrait, one page each, quickly after warm-up', async () => {
    await renderCaseSheetPdf(checkSheet) // warm-up: reads the two 15 MB fonts, starts HarfBuzz
    for (const doc of [checkSheet, superviseSheet]) {
      const started = performance.now()
      const bytes = await renderCaseSheetPdf(doc)
      const ms = performance.now() - started
      console.warn(`[printing] ${doc.kind} sheet: ${ms.toFixed(0)} ms, ${(bytes.length / 1024).toFixed(0)} KiB`)
      expect(ms).toBeLessThan(1500)
      writeOut(`${doc.kind}.pdf`, bytes)
      const parsed = await PDFDocument.load(bytes)
      expect(parsed.getPageCount()).toBe(1)
      const { width, height } = parsed.getPage(0).getSize()
      expect(Math.round(width)).toBe(595)
      expect(Math.round(height)).toBe(842)
      expect(parsed.getTitle()).toContain(CASE_SHEET_TITLES[doc.kind])
    }
  })

  it('continues very long findings onto a second page', async () => {
    const bytes = await renderCaseSheetPdf(longCheckSheet)
    writeOut('check-long.pdf', bytes)
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(2)
  })

  it('leaves the cells blank when nothing has been written yet', async () => {
    const bytes = await renderCaseSheetPdf({ ...superviseSheet, instructions: null, outcome: null, assignedOn: '', dueOn: '' })
    writeOut('supervise-blank.pdf', bytes)
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1)
  })
})

describe.skipIf(!poppler)('case sheet PDF as poppler reads and draws it', () => {
  beforeAll(async () => {
    for (const [name, doc] of [['check', checkSheet], ['supervise', superviseSheet], ['check-long', longCheckSheet]] as const)
      writeOut(`${name}.pdf`, await renderCaseSheetPdf(doc))
  })

  it.each(['check', 'supervise'] as const)('%s sheet: title, every label and every value are in the text', (kind) => {
    const doc = kind === 'check' ? checkSheet : superviseSheet
    const text = pdfText(join(OUT, `${kind}.pdf`))
    const flat = squash(text)
    expect(text).toContain(CASE_SHEET_TITLES[kind])
    for (const l of labels[kind]) expect(flat).toContain(squash(l))
    for (const v of valuesOf(doc)) expect(flat).toContain(squash(v))
    expect(text).toContain('学籍通 生成 · 第 1 页 共 1 页')
    // Labels stand in the attachment's order.
    const positions = labels[kind].slice(1).map(l => flat.indexOf(squash(l)))
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
  })

  it('the long sheet keeps every word across its two pages', () => {
    const text = pdfText(join(OUT, 'check-long.pdf'))
    const flat = squash(text)
    expect(text).toContain('第 1 页 共 2 页')
    expect(text).toContain('第 2 页 共 2 页')
    expect(flat).toContain('经核实的情况（续）（由承办单位填写）')
    // Without the page furniture between them, the two pages read as the whole text.
    const furniture = ['学籍通 生成 · 第 1 页 共 2 页', `${CASE_SHEET_TITLES.check}（续页）`, `编号：${longCheckSheet.number}`, '经核实的情况（续）', '（由承办单位填写）']
    const body = furniture.reduce((t, f) => t.split(squash(f)).join(''), flat)
    expect(body).toContain(squash(longCheckSheet.findings!))
  })

  it('a long 所投诉事项 carries the rest of the grid, in order, onto page 2', async () => {
    const file = writeOut('check-long-matter.pdf', await renderCaseSheetPdf(longMatterSheet))
    const flat = squash(pdfText(file))
    expect(flat).toContain(squash('第 2 页 共 2 页'))
    expect(flat).toContain('所投诉事项（续）（由处理责任单位填写）')
    for (const v of valuesOf(longMatterSheet).filter(v => v !== longMatterSheet.matter)) expect(flat).toContain(squash(v))
    const positions = labels.check.slice(1).map(l => flat.indexOf(squash(l)))
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
  })

  it('draws every glyph: a heading has the ink of its characters drawn one by one', async () => {
    for (const heading of [CASE_SHEET_TITLES.check, '学历证明书']) {
      const headingInk = inkOf(writeOut('ink-heading.pdf', await headingPdf(heading)))
      const charInks: number[] = []
      for (const ch of heading) charInks.push(inkOf(writeOut('ink-char.pdf', await headingPdf(ch))))
      const sum = charInks.reduce((a, b) => a + b, 0)
      // Every character leaves real ink (a 40 pt glyph at 60 dpi covers about 33×33 px) …
      for (const ink of charInks) expect(ink).toBeGreaterThan(60)
      // … different characters leave different ink (not one .notdef box repeated) …
      expect(new Set(charInks).size).toBeGreaterThanOrEqual(Math.ceil(new Set(heading).size * 0.6))
      // … and together they leave as much as the heading does; with glyphs missing it is a fraction.
      expect(headingInk / sum).toBeGreaterThan(0.85)
      expect(headingInk / sum).toBeLessThan(1.15)
    }
  })

  it.each(['check', 'supervise', 'check-long'] as const)('%s sheet renders to a page full of ink', (name) => {
    const file = join(OUT, `${name}.pdf`)
    execFileSync('pdftoppm', ['-r', '60', '-png', file, join(OUT, name)])
    expect(readFileSync(join(OUT, `${name}-1.png`)).length).toBeGreaterThan(1000)
    // The title alone at 20 pt leaves well over a thousand dark pixels at 60 dpi.
    expect(inkOf(file)).toBeGreaterThan(8000)
  })
})

describe.skipIf(!poppler)('a provisional 完成时限 on the printed sheet (DOMAIN §5)', () => {
  it('says 暂定 next to the date and explains it under the grid; a known deadline says nothing', async () => {
    const provisional = writeOut('check-provisional.pdf', await renderCaseSheetPdf({ ...checkSheet, dueOn: '2027-01-08', dueProvisional: true }))
    const flat = squash(pdfText(provisional))
    expect(flat).toContain(squash(`${formatSheetDate('2027-01-08')}（暂定）`))
    expect(flat).toContain(squash('完成时限超出国务院已公布的放假安排，按法定节假日推算，未计调休'))
    execFileSync('pdftoppm', ['-r', '80', '-png', '-f', '1', '-l', '1', provisional, join(OUT, 'check-provisional')])
    const known = squash(pdfText(join(OUT, 'check.pdf')))
    expect(known).not.toContain('暂定')
    expect(known).not.toContain(squash('未计调休'))
  })
})
