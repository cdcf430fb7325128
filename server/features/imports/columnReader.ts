import type { Cell } from '#shared/imports/rows.ts'
import type { ColumnMapping } from './mappings.ts'
import { normalizeHeader } from '#shared/imports/columns.ts'

interface Columns<C extends string> {
  /** The column a header names by the official exports' names (and their variants), or null. */
  columnOf: (header: string) => C | null
  /** The column a field saved in the unit's mapping stands for, or null (ignored, or not this kind's). */
  fromMapping: (field: string) => C | null
  /** The label of a column the file lacks, for messages. */
  label: (column: C) => string
  /** Whether a row read as headers is the header row (not a title row above it). */
  isHeader: (columns: (C | null)[]) => boolean
}

/**
 * Reads an import file's rows by column: finds the header row (the unit's saved mapping first,
 * issue 12, then the names the official exports use), keeps each column's header as the file
 * spells it for messages, and lists the headers nothing matched, for the officer to map.
 */
export function columnReader<C extends string>(spec: Columns<C>, mapping: ColumnMapping) {
  let columns: (C | null)[] | null = null
  const headers = new Map<C, string>()
  const unmatched: string[] = []
  return {
    unmatched,
    header: (c: C) => headers.get(c) ?? spec.label(c),
    /** The file has this column. */
    has: (c: C) => headers.has(c),
    /** The header row was found. */
    found: () => columns !== null,
    /** A data row's cells by column; null for the header, a title row above it or a blank row. */
    read(cells: Cell[]): Partial<Record<C, Cell>> | null {
      if (!columns) {
        const texts = cells.map(c => String(c ?? '').trim())
        const saved = (t: string) => mapping.get(normalizeHeader(t))
        const mapped = texts.map(t => saved(t) !== undefined ? spec.fromMapping(saved(t)!) : spec.columnOf(t))
        if (spec.isHeader(mapped)) {
          columns = mapped
          mapped.forEach((c, i) => c ? !headers.has(c) && headers.set(c, texts[i]!) : texts[i] && saved(texts[i]!) === undefined && unmatched.push(texts[i]!))
        }
        return null
      }
      if (cells.every(c => c == null || String(c).trim() === ''))
        return null
      const byColumn: Partial<Record<C, Cell>> = {}
      columns.forEach((c, i) => c && byColumn[c] === undefined && (byColumn[c] = cells[i]))
      return byColumn
    },
  }
}
