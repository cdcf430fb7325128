import type { SheetRow } from './xlsx.ts'
import { decodeCsv, parseCsv } from '#shared/imports/csv.ts'
import { AppError } from '../../http/errors.ts'
import { firstSheetRows } from './xlsx.ts'

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4B && b[2] === 0x03 && b[3] === 0x04

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
    yield* firstSheetRows(bytes)
  }
  catch (error) {
    if (error instanceof AppError)
      throw error
    throw new AppError(400, 'FILE_UNREADABLE', '无法读取这个文件：请上传 Excel（.xlsx）或 CSV 文件')
  }
}
