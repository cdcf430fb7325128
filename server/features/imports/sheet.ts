import type ExcelJS from 'exceljs'
import type { Cell } from '#shared/imports/rows.ts'
import { decodeCsv, parseCsv } from '#shared/imports/csv.ts'
import { AppError } from '../../http/errors.ts'
import { firstSheetRows } from './xlsx.ts'

export interface SheetRow { row: number, cells: Cell[] }

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4B && b[2] === 0x03 && b[3] === 0x04

/** The value a cell shows: rich text joined, a formula's result, a hyperlink's text. */
function plain(value: ExcelJS.CellValue): Cell {
  if (value == null || typeof value !== 'object' || value instanceof Date)
    return value as Cell
  if ('richText' in value)
    return value.richText.map(r => r.text).join('')
  if ('result' in value)
    return plain(value.result as ExcelJS.CellValue)
  if ('text' in value)
    return String(value.text)
  return null // an error value (#N/A …)
}

/**
 * The first sheet's rows, header first, streamed (issue 12: never the whole workbook in memory).
 * The type comes from the content: an .xlsx is a zip; anything else is read as CSV.
 */
export async function* readSheet(bytes: Uint8Array): AsyncGenerator<SheetRow> {
  if (!isZip(bytes)) {
    let row = 0
    for (const cells of parseCsv(decodeCsv(bytes)))
      yield { row: ++row, cells }
    return
  }
  try {
    for await (const row of firstSheetRows(bytes)) {
      const values = row.values as ExcelJS.CellValue[] // 1-based
      yield { row: row.number, cells: values.slice(1).map(plain) }
    }
  }
  catch (error) {
    if (error instanceof AppError)
      throw error
    throw new AppError(400, 'FILE_UNREADABLE', '无法读取这个文件：请上传 Excel（.xlsx）或 CSV 文件')
  }
}
