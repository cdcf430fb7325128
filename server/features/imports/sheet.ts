import type { SheetRow } from './xlsx.ts'
import { decodeCsv, parseCsv } from '#shared/imports/csv.ts'
import { AppError } from '../../http/errors.ts'
import { firstSheetRows } from './xlsx.ts'

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4B && b[2] === 0x03 && b[3] === 0x04
// An OLE2 compound file: Excel 97-2003 (.xls), which registry systems still export, and Excel's own
// password-protected .xlsx. Read as CSV it would only say that no header row was found.
const isCompoundFile = (b: Uint8Array) => b[0] === 0xD0 && b[1] === 0xCF && b[2] === 0x11 && b[3] === 0xE0

/**
 * The first sheet's rows, header first, streamed (issue 12: never the whole workbook in memory).
 * The type comes from the content: an .xlsx is a zip; anything else is read as CSV.
 */
export async function* readSheet(bytes: Uint8Array): AsyncGenerator<SheetRow> {
  if (isCompoundFile(bytes))
    throw new AppError(400, 'FILE_OLD_EXCEL', '这是旧版 Excel（.xls）文件或设了密码的工作簿：请在 Excel 中取消密码，另存为“Excel 工作簿（.xlsx）”后重新上传')
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
