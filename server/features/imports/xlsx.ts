import type { Readable } from 'node:stream'
import type { Cell } from '#shared/imports/rows.ts'
import { Buffer } from 'node:buffer'
import { createRequire } from 'node:module'
import { SaxesParser } from 'saxes'

// Reading an .xlsx (issue 12: large files stream, never the whole workbook in memory).
// The archive is opened by its central directory (unzipper), because a one-pass read of the zip
// needs xl/workbook.xml before the sheet and writers, exceljs among them, store it last
// (exceljs/exceljs#3064 failed one CI run that way). Each part is then parsed with saxes straight
// into rows of plain values: exceljs's reader built a Row and a Cell object per cell, and that
// garbage alone took a 100,000-row import past its memory budget (bench/results.md).
const require = createRequire(import.meta.url)
const unzipper = require('unzipper') as { Open: { buffer: (b: Buffer) => Promise<{ files: ZipEntry[] }> } }

interface ZipEntry { path: string, stream: () => Readable, buffer: () => Promise<Buffer> }
export interface SheetRow { row: number, cells: Cell[] }
type Attributes = Record<string, string>
interface Handlers {
  open?: (name: string, attributes: Attributes) => void
  text?: (text: string) => void
  close?: (name: string) => void
}

function parser(handlers: Handlers) {
  const p = new SaxesParser({ position: false })
  // element names without their prefix: some writers spell the sheet <x:row>, <x:c> …
  const local = (name: string) => name.slice(name.indexOf(':') + 1)
  if (handlers.open)
    p.on('opentag', tag => handlers.open!(local(tag.name), tag.attributes as Attributes))
  if (handlers.text)
    p.on('text', handlers.text)
  if (handlers.close)
    p.on('closetag', tag => handlers.close!(local(tag.name)))
  return p
}

/** Feeds a part through a parser chunk by chunk; after each chunk, `drain` hands on what it made. */
async function* feed<T>(entry: ZipEntry, handlers: Handlers, drain: () => T[] = () => []): AsyncGenerator<T> {
  const p = parser(handlers)
  const utf8 = new TextDecoder('utf-8')
  for await (const chunk of entry.stream()) {
    p.write(utf8.decode(chunk as Buffer, { stream: true }))
    yield* drain()
  }
  p.write(utf8.decode()).close()
  yield* drain()
}

async function parseWhole(entry: ZipEntry | undefined, handlers: Handlers) {
  if (entry)
    parser(handlers).write((await entry.buffer()).toString('utf8')).close()
}

/**
 * The shared strings, packed: a large export has a string per cell (800,000 for 100,000 students),
 * and as separate JS strings they held 51 MB of heap for the whole import. Here each block of 4,096
 * is one flat string with the ends of its members; a cell's string is cut out when read.
 */
class StringTable {
  private readonly blocks: { text: string, ends: Uint32Array }[] = []
  private pending: string[] = []
  add(s: string) {
    this.pending.push(s)
    if (this.pending.length === 4096)
      this.seal()
  }

  seal() {
    const ends = new Uint32Array(this.pending.length)
    let at = 0
    this.pending.forEach((s, i) => (ends[i] = at += s.length))
    this.blocks.push({ text: this.pending.join(''), ends })
    this.pending = []
  }

  get(i: number): string | null {
    const block = this.blocks[i >>> 12]
    const k = i & 4095
    if (!block || k >= block.ends.length)
      return null
    return block.text.slice(k ? block.ends[k - 1] : 0, block.ends[k])
  }
}

/** The text of each shared string, rich text joined; phonetic guides (<rPh>) left out. */
async function sharedStrings(entry: ZipEntry | undefined) {
  const strings = new StringTable()
  if (!entry)
    return strings
  let current = ''
  let inPhonetic = false
  let inText = false
  const handlers: Handlers = {
    open: (name) => {
      if (name === 'si')
        current = ''
      else if (name === 'rPh')
        inPhonetic = true
      else if (name === 't' && !inPhonetic)
        inText = true
    },
    text: (t) => {
      if (inText)
        current += t
    },
    close: (name) => {
      if (name === 'si')
        strings.add(current)
      else if (name === 'rPh')
        inPhonetic = false
      else if (name === 't')
        inText = false
    },
  }
  for await (const _ of feed(entry, handlers)) { /* the handlers collect */ }
  strings.seal()
  return strings
}

// ECMA-376 18.8.30: the built-in number formats that show dates and times.
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58])
/** A custom format shows a date when, outside quotes and [colour]/[locale] brackets, it has date or time letters. */
const isDateFormat = (code: string) => /[ymdhsb]/i.test(code.replace(/\[[^\]]*\]|"[^"]*"/g, ''))

/** For each cell style (its index in <cellXfs>), whether its number format shows a date. */
async function dateStyles(entry: ZipEntry | undefined) {
  const custom = new Map<number, string>()
  const styles: boolean[] = []
  let inCellXfs = false
  await parseWhole(entry, {
    open: (name, a) => {
      if (name === 'numFmt') {
        custom.set(Number(a.numFmtId), a.formatCode ?? '')
      }
      else if (name === 'cellXfs') {
        inCellXfs = true
      }
      else if (name === 'xf' && inCellXfs) {
        const id = Number(a.numFmtId ?? 0)
        styles.push(custom.has(id) ? isDateFormat(custom.get(id)!) : BUILT_IN_DATES.has(id))
      }
    },
    close: (name) => {
      if (name === 'cellXfs')
        inCellXfs = false
    },
  })
  return styles
}

/** The first sheet's part (in the workbook's order), and whether dates count from 1904. */
async function firstSheet(files: ZipEntry[]) {
  const part = (path: string) => files.find(f => f.path === path)
  let firstId: string | undefined
  let date1904 = false
  await parseWhole(part('xl/workbook.xml'), {
    open: (name, a) => {
      if (name === 'sheet')
        firstId ??= a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1]
      else if (name === 'workbookPr')
        date1904 = a.date1904 === '1' || a.date1904 === 'true'
    },
  })
  let target: string | undefined
  await parseWhole(part('xl/_rels/workbook.xml.rels'), {
    open: (name, a) => {
      if (name === 'Relationship' && a.Id === firstId)
        target = a.Target
    },
  })
  const path = target?.startsWith('/') ? target.slice(1) : target && `xl/${target}`
  const sheet = (path && part(path)) || files.find(f => /^xl\/worksheets\/sheet\d+\.xml$/.test(f.path))
  return { sheet, date1904 }
}

/** "AB12" → 27 (0-based column). */
function columnIndex(ref: string) {
  let n = 0
  for (const ch of ref) {
    const code = ch.charCodeAt(0)
    if (code < 65 || code > 90)
      break
    n = n * 26 + code - 64
  }
  return n - 1
}

const excelDate = (serial: number, date1904: boolean) => new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000))

interface RawCell { type: string, style: number, formula: boolean, value: string | null }

/** What a cell shows: its shared or inline string, boolean, number, or a date under a date format. */
function cellValue(strings: StringTable, isDate: boolean[], date1904: boolean) {
  return ({ type, style, formula, value }: RawCell): Cell => {
    if (value === null || (value === '' && type !== 'inlineStr' && type !== 'str'))
      return null
    switch (type) {
      case 's': return strings.get(Number(value))
      case 'inlineStr': case 'str': return value
      case 'b': return value !== '0'
      case 'e': return null // an error value (#N/A …)
      case 'd': return new Date(value)
    }
    const n = Number(value)
    return !formula && isDate[style] ? excelDate(n, date1904) : n
  }
}

/** The sheet's saxes handlers: each finished <row> goes into `done` as plain values, gaps as null. */
function sheetHandlers(valueOf: (cell: RawCell) => Cell, done: SheetRow[]): Handlers {
  let row: SheetRow | null = null
  let column = 0
  let cell: RawCell = { type: '', style: 0, formula: false, value: null }
  let capturing = false
  let inInline = false
  let inPhonetic = false
  return {
    open: (name, a) => {
      switch (name) {
        case 'row':
          row = { row: a.r ? Number(a.r) : (row?.row ?? 0) + 1, cells: [] }
          column = 0
          break
        case 'c':
          column = a.r ? columnIndex(a.r) : column
          cell = { type: a.t ?? 'n', style: Number(a.s ?? 0), formula: false, value: null }
          break
        case 'f':
          cell.formula = true
          break
        case 'v':
          capturing = true
          cell.value ??= ''
          break
        case 'is':
          inInline = true
          cell.value ??= ''
          break
        case 'rPh':
          inPhonetic = true
          break
        case 't':
          capturing = inInline && !inPhonetic
      }
    },
    text: (t) => {
      if (capturing)
        cell.value += t
    },
    close: (name) => {
      if (name === 'v' || name === 't') {
        capturing = false
      }
      else if (name === 'is') {
        inInline = false
      }
      else if (name === 'rPh') {
        inPhonetic = false
      }
      else if (name === 'c' && row) {
        while (row.cells.length < column)
          row.cells.push(null)
        row.cells[column] = valueOf(cell)
        column++
      }
      else if (name === 'row' && row) {
        done.push(row)
      }
    },
  }
}

/** The rows of the workbook's first sheet, header first, each cell as the value it shows. */
export async function* firstSheetRows(bytes: Uint8Array): AsyncGenerator<SheetRow> {
  const { files } = await unzipper.Open.buffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  if (!files.some(f => f.path === 'xl/workbook.xml'))
    throw new Error('not a workbook')
  const { sheet, date1904 } = await firstSheet(files)
  if (!sheet)
    return
  const strings = await sharedStrings(files.find(f => f.path === 'xl/sharedStrings.xml'))
  const isDate = await dateStyles(files.find(f => f.path === 'xl/styles.xml'))

  const done: SheetRow[] = []
  const handlers = sheetHandlers(cellValue(strings, isDate, date1904), done)
  yield* feed(sheet, handlers, () => done.splice(0))
}
