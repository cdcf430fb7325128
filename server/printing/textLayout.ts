// Line breaking for Chinese text in PDF cells: any CJK character may end a line, runs of
// Latin letters and digits stay whole when they can, and the common 避头尾 rules hold
// (no line starts with a closing mark such as ，。）, none ends with an opening one such as （《).

import type { PDFFont } from 'pdf-lib'

/** Marks that may not begin a line. */
const NO_LINE_START = new Set(Array.from('，。、；：？！）》」』】〕〉”’…—·～％,.;:?!)]}%'))
/** Marks that may not end a line. */
const NO_LINE_END = new Set(Array.from('（《「『【〔〈“‘([{'))
const WORD_CHAR = /[\x21-\x7E]/

export interface Measure {
  font: PDFFont
  size: number
}

const widthCache = new WeakMap<PDFFont, Map<string, number>>()

/** Width of `text` at `size` points, cached per font and string. */
export function textWidth(font: PDFFont, text: string, size: number): number {
  let cache = widthCache.get(font)
  if (!cache) {
    cache = new Map()
    widthCache.set(font, cache)
  }
  let unit = cache.get(text)
  if (unit === undefined) {
    unit = font.widthOfTextAtSize(text, 1000)
    cache.set(text, unit)
  }
  return (unit * size) / 1000
}

/** Splits into break units: a run of printable ASCII, a single space, or any other single character. */
export function tokenize(text: string): string[] {
  const tokens: string[] = []
  let word = ''
  for (const ch of text) {
    if (WORD_CHAR.test(ch)) {
      word += ch
      continue
    }
    if (word) {
      tokens.push(word)
      word = ''
    }
    tokens.push(ch)
  }
  if (word)
    tokens.push(word)
  return tokens
}

/** Turns text a user typed into one string per paragraph: tabs to spaces, runs of spaces folded. */
export function paragraphs(text: string | null | undefined): string[] {
  if (!text)
    return []
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(p => p.replace(/[\t\v\f\u00A0]/g, ' ').replace(/ {2,}/g, ' ').trim())
    .filter(p => p !== '')
}

/**
 * Breaks one paragraph into lines no wider than `width` (the first line `firstIndent` narrower).
 * A word wider than a whole line is cut by characters.
 */
export function wrapParagraph(text: string, { font, size }: Measure, width: number, firstIndent = 0): string[] {
  const lines: string[] = []
  let cur: string[] = []
  let curWidth = 0
  const avail = () => (lines.length === 0 ? width - firstIndent : width)
  const measure = (tokens: string[]) => tokens.reduce((sum, t) => sum + textWidth(font, t, size), 0)
  const flush = () => {
    while (cur.length > 0 && cur[cur.length - 1] === ' ') cur.pop()
    lines.push(cur.join(''))
    cur = []
    curWidth = 0
  }

  const queue = tokenize(text)
  while (queue.length > 0) {
    const tok = queue.shift()!
    if (tok === ' ' && cur.length === 0)
      continue
    const w = textWidth(font, tok, size)
    if (curWidth + w <= avail() + 0.01) {
      cur.push(tok)
      curWidth += w
      continue
    }
    if (tok === ' ') {
      flush()
      continue
    }
    if (tok.length > 1 && w > avail()) {
      // A code or number longer than a line: fill what is left of this line with its start.
      const chars = Array.from(tok)
      let take = 0
      let taken = 0
      while (take < chars.length && curWidth + taken + textWidth(font, chars[take]!, size) <= avail() + 0.01) {
        taken += textWidth(font, chars[take]!, size)
        take++
      }
      if (take === 0 && cur.length === 0)
        take = 1
      if (take > 0) {
        cur.push(chars.slice(0, take).join(''))
        curWidth += taken
      }
      flush()
      queue.unshift(chars.slice(take).join(''))
      continue
    }
    const carry: string[] = []
    if (NO_LINE_START.has(tok) && cur.length > 1)
      carry.unshift(cur.pop()!)
    while (cur.length > 1 && NO_LINE_END.has(cur[cur.length - 1]!)) carry.unshift(cur.pop()!)
    if (cur.length === 0) {
      // Nothing can move: keep the line over-full rather than loop.
      cur = carry
    }
    else {
      flush()
      cur = carry
    }
    cur.push(tok)
    curWidth = measure(cur)
  }
  if (cur.length > 0 || lines.length === 0)
    flush()
  return lines
}

/**
 * Like wrapParagraph but with lines of even length (for centred labels): the narrowest width
 * that needs no more lines than the full width does.
 */
export function wrapBalanced(text: string, measure: Measure, width: number): string[] {
  const lines = wrapParagraph(text, measure, width)
  if (lines.length < 2)
    return lines
  // Never narrower than the longest word, or balancing would cut a number in two.
  let lo = Math.min(width, Math.max(...tokenize(text).map(t => textWidth(measure.font, t, measure.size))))
  let hi = width
  if (wrapParagraph(text, measure, lo).length <= lines.length)
    return wrapParagraph(text, measure, lo)
  for (let i = 0; i < 12; i++) {
    const mid = (lo + hi) / 2
    if (wrapParagraph(text, measure, mid).length <= lines.length)
      hi = mid
    else lo = mid
  }
  return wrapParagraph(text, measure, hi)
}
