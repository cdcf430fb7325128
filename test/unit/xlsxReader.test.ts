// The lean .xlsx reader (server/features/imports/xlsx.ts) reads what officers' exports contain:
// workbooks written by exceljs, and hand-made parts in the forms other writers use.
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { firstSheetRows } from '../../server/features/imports/xlsx.ts'

async function rows(bytes: Uint8Array) {
  const out: { row: number, cells: unknown[] }[] = []
  for await (const r of firstSheetRows(bytes))
    out.push(r)
  return out
}

const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
const REL = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

/** A workbook from raw parts: the first sheet is sheet2.xml, so the reader must follow the relationships. */
async function handMade(sheetData: string, { strings = '', styles = '', workbookPr = '', prefix = '' } = {}) {
  const zip = new JSZip()
  const p = prefix ? `${prefix}:` : ''
  zip.file('xl/worksheets/sheet2.xml', `<?xml version="1.0" encoding="UTF-8"?><${p}worksheet ${prefix ? `xmlns:${prefix}` : 'xmlns'}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><${p}sheetData>${sheetData}</${p}sheetData></${p}worksheet>`)
  zip.file('xl/worksheets/sheet1.xml', `<worksheet ${MAIN}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>second sheet</t></is></c></row></sheetData></worksheet>`)
  if (strings)
    zip.file('xl/sharedStrings.xml', `<sst ${MAIN}>${strings}</sst>`)
  if (styles)
    zip.file('xl/styles.xml', `<styleSheet ${MAIN}>${styles}</styleSheet>`)
  zip.file('xl/_rels/workbook.xml.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Target="worksheets/sheet1.xml"/><Relationship Id="rId9" Target="/xl/worksheets/sheet2.xml"/></Relationships>`)
  zip.file('xl/workbook.xml', `<workbook ${MAIN} ${REL}>${workbookPr}<sheets><sheet name="学生" sheetId="1" r:id="rId9"/><sheet name="其他" sheetId="2" r:id="rId7"/></sheets></workbook>`)
  return zip.generateAsync({ type: 'uint8array' })
}

describe('the .xlsx reader', () => {
  it('reads values as exceljs writes them: shared and rich strings, numbers, dates, formulas, booleans, errors, gaps', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('学生基本信息')
    ws.addRow(['姓名', '身份证件号', '出生日期', '年级'])
    ws.addRow([{ richText: [{ text: '王' }, { text: '小明', font: { bold: true } }] }, '410102201205200012', new Date(Date.UTC(2012, 4, 20)), 3])
    ws.getCell('C2').numFmt = 'yyyy"年"m"月"d"日"'
    ws.addRow(['李四', { formula: 'A2&""', result: '王小明' }, { formula: '1+1', result: 2 }, true])
    ws.getCell('F4').value = { error: '#N/A' }
    ws.getCell('B4').value = 410102201205200000
    wb.addWorksheet('第二页').addRow(['不读'])
    const got = await rows(new Uint8Array(await wb.xlsx.writeBuffer() as ArrayBuffer))
    expect(got).toEqual([
      { row: 1, cells: ['姓名', '身份证件号', '出生日期', '年级'] },
      { row: 2, cells: ['王小明', '410102201205200012', new Date(Date.UTC(2012, 4, 20)), 3] },
      { row: 3, cells: ['李四', '王小明', 2, true] },
      { row: 4, cells: [null, 410102201205200000, null, null, null, null] },
    ])
  })

  it('follows the workbook to its first sheet; reads inline strings, prefixed names, phonetic guides and rows without addresses', async () => {
    const bytes = await handMade(
      '<x:row r="3"><x:c r="B3" t="s"><x:v>0</x:v></x:c><x:c r="D3" t="inlineStr"><x:is><x:r><x:t>张</x:t></x:r><x:r><x:t xml:space="preserve">三 </x:t></x:r></x:is></x:c></x:row>'
      + '<x:row><x:c t="str"><x:f>A1</x:f><x:v>A &amp; B</x:v></x:c><x:c t="e"><x:v>#REF!</x:v></x:c><x:c t="b"><x:v>0</x:v></x:c><x:c><x:v></x:v></x:c></x:row>',
      { strings: '<si><t>河南</t><rPh sb="0" eb="2"><t>かなん</t></rPh></si>', prefix: 'x' },
    )
    expect(await rows(bytes)).toEqual([
      { row: 3, cells: [null, '河南', null, '张三 '] },
      { row: 4, cells: ['A & B', null, false, null] },
    ])
  })

  it('turns a number into a date only under a date format, counting from 1904 when the workbook says so', async () => {
    const styles = '<numFmts><numFmt numFmtId="164" formatCode="[Red]0.00;&quot;d&quot;0"/><numFmt numFmtId="165" formatCode="yyyy/m/d"/></numFmts>'
      + '<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="49"/></cellXfs>'
    const sheet = '<row r="1"><c r="A1"><v>41049</v></c><c r="B1" s="1"><v>41049</v></c><c r="C1" s="2"><v>41049</v></c><c r="D1" s="3"><v>41049</v></c><c r="E1" s="4"><v>41049</v></c></row>'
    const may20 = new Date(Date.UTC(2012, 4, 20))
    expect(await rows(await handMade(sheet, { styles }))).toEqual([{ row: 1, cells: [41049, may20, 41049, may20, 41049] }])
    const in1904 = await rows(await handMade(sheet, { styles, workbookPr: '<workbookPr date1904="1"/>' }))
    expect(in1904[0]!.cells[1]).toEqual(new Date(Date.UTC(2016, 4, 21)))
  })

  it('finds every shared string in a large table (the table is kept in blocks of 4,096)', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('学生')
    for (let i = 0; i < 10_000; i++)
      ws.addRow([`学生${i}`, i % 3 ? `郑州市中原区建设路 ${i} 号` : ''])
    const got = await rows(new Uint8Array(await wb.xlsx.writeBuffer() as ArrayBuffer))
    expect(got).toHaveLength(10_000)
    got.forEach((r, i) => expect(r).toEqual({ row: i + 1, cells: i % 3 ? [`学生${i}`, `郑州市中原区建设路 ${i} 号`] : [`学生${i}`, ''] }))
  })

  it('refuses a zip that is not a workbook', async () => {
    const zip = new JSZip()
    zip.file('word/document.xml', '<document/>')
    await expect(rows(await zip.generateAsync({ type: 'uint8array' }))).rejects.toThrow('not a workbook')
  })
})
