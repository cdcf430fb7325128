// CSV as the registries and Excel write it: UTF-8 with or without BOM, or GBK (Excel's
// "CSV" on a Chinese Windows), comma separated, fields quoted with "" for a quote.

/** The file's text: UTF-8 when it decodes cleanly, else GBK. */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF)
    return new TextDecoder('utf-8').decode(bytes.subarray(3))
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  }
  catch {
    return new TextDecoder('gbk').decode(bytes)
  }
}

/** Rows of fields; blank lines are kept as empty rows so row numbers match the file's lines. */
export function* parseCsv(text: string): Generator<string[]> {
  let field = ''
  let row: string[] = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      }
      else if (ch === '"') {
        quoted = false
      }
      else {
        field += ch
      }
    }
    else if (ch === '"' && field === '') {
      quoted = true
    }
    else if (ch === ',') {
      row.push(field)
      field = ''
    }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n')
        i++
      row.push(field)
      yield row
      row = []
      field = ''
    }
    else {
      field += ch
    }
  }
  if (field !== '' || row.length) {
    row.push(field)
    yield row
  }
}
