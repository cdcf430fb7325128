import type ExcelJS from 'exceljs'
import { Buffer } from 'node:buffer'
import { createRequire } from 'node:module'
import { Readable } from 'node:stream'

// exceljs's streaming WorkbookReader reads the zip front to back in one pass and needs
// xl/workbook.xml before the sheet, which exceljs itself, and other writers, store last; the
// pass sometimes ends before that last entry arrives and the read fails at random
// (exceljs/exceljs#3064; it failed one CI run of the import tests). So the archive is opened by
// its central directory (unzipper, which exceljs already uses) and the parts are read in the
// order they depend on each other, each still streamed; exceljs parses each part.
// design: exceljs's part parsers are internal, so the package is pinned to 4.4.x in package.json.
const require = createRequire(import.meta.url)
const unzipper = require('unzipper') as { Open: { buffer: (b: Buffer) => Promise<{ files: ZipEntry[] }> } }
const WorkbookReader = require('exceljs/lib/stream/xlsx/workbook-reader.js') as new (input: null, options: object) => PartParsers
const WorksheetReader = require('exceljs/lib/stream/xlsx/worksheet-reader.js') as new (args: { workbook: PartParsers, id: number, iterator: AsyncIterable<unknown>, options: object }) => AsyncIterable<ExcelJS.Row>
const iterateStream = require('exceljs/lib/utils/iterate-stream.js') as (stream: Readable) => AsyncIterable<unknown>

interface ZipEntry { path: string, stream: () => Readable }
interface PartParsers {
  model?: { sheets?: { rId: string }[] }
  workbookRels?: { Id: string, Target: string }[]
  _parseRels: (entry: Readable) => Promise<void>
  _parseWorkbook: (entry: Readable) => Promise<void>
  _parseSharedStrings: (entry: Readable) => AsyncIterable<unknown>
  _parseStyles: (entry: Readable) => Promise<void>
}

const options = { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' }
// A workbook without styles (some exporters write none) still needs a style table to read cells.
const NO_STYLES = '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'

/** The rows of the workbook's first sheet (in the workbook's order), streamed from its zip. */
export async function* firstSheetRows(bytes: Uint8Array): AsyncGenerator<ExcelJS.Row> {
  const { files } = await unzipper.Open.buffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  const part = (path: string) => files.find(f => f.path === path)
  const parsers = new WorkbookReader(null, options)
  const rels = part('xl/_rels/workbook.xml.rels')
  const book = part('xl/workbook.xml')
  if (!rels || !book)
    throw new Error('not a workbook')
  await parsers._parseRels(rels.stream())
  await parsers._parseWorkbook(book.stream())
  const strings = part('xl/sharedStrings.xml')
  if (strings) {
    for await (const _ of parsers._parseSharedStrings(strings.stream())) { /* cached on the parsers */ }
  }
  const styles = part('xl/styles.xml')
  await parsers._parseStyles(styles ? styles.stream() : Readable.from([NO_STYLES]))
  const firstRel = parsers.workbookRels?.find(r => r.Id === parsers.model?.sheets?.[0]?.rId)
  const target = firstRel?.Target.replace(/^\/?(xl\/)?/, 'xl/')
  const sheet = (target && part(target)) ?? files.find(f => /^xl\/worksheets\/sheet\d+\.xml$/.test(f.path))
  if (!sheet)
    return
  yield* new WorksheetReader({ workbook: parsers, id: 1, iterator: iterateStream(sheet.stream()), options })
}
