// Chinese fonts for server-side PDFs (案件核查单/督办单, later the 学历证明书).
//
// The font arrives with `npm install` (@expo-google-fonts/noto-serif-sc ships the static
// Noto Serif SC TTFs; the font is under the SIL Open Font License 1.1, see
// node_modules/@expo-google-fonts/noto-serif-sc/LICENSE_FONT), so no system font is needed.
// Noto Serif SC is a 宋体-style face, the usual look of printed government forms.
//
// Known trap: pdf-lib's own subsetting (`embedFont(bytes, { subset: true })` through
// @pdf-lib/fontkit) drops most glyphs of this font family, and pdftotext still extracts the
// right text from the broken file. So we subset first with HarfBuzz (hb-subset, wasm, through
// the `subset-font` package) to exactly the characters used, and embed that small font whole
// (`subset: false`). test/unit/printing.test.ts renders to pixels to keep this honest.
// Layout tables are dropped from the subset (see subsetChineseFont): horizontal Chinese needs
// no shaping, and pdf-lib could not express it anyway.
import type { Buffer } from 'node:buffer'

import type { PDFDocument, PDFFont } from 'pdf-lib'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import fontkit from '@pdf-lib/fontkit'
import subsetFont from 'subset-font'

export type ChineseFontWeight = 'regular' | 'bold'

const require = createRequire(import.meta.url)

const FONT_PACKAGE = '@expo-google-fonts/noto-serif-sc'
const FONT_FILES: Record<ChineseFontWeight, string> = {
  regular: `${FONT_PACKAGE}/400Regular/NotoSerifSC_400Regular.ttf`,
  bold: `${FONT_PACKAGE}/700Bold/NotoSerifSC_700Bold.ttf`,
}

/** What to cite when a PDF with these fonts is handed out (the OFL travels with the font). */
export const CHINESE_FONT = {
  family: 'Noto Serif SC',
  package: FONT_PACKAGE,
  licence: 'SIL Open Font License 1.1 (OFL-1.1)',
  licenceFile: `${FONT_PACKAGE}/LICENSE_FONT`,
  copyright: '(c) 2017-2024 Adobe (http://www.adobe.com/)',
} as const

/** Always kept in a subset, so numbers, codes and Latin text never fall back to .notdef. */
const ALWAYS_KEPT = (() => {
  let ascii = ''
  for (let c = 0x20; c <= 0x7E; c++) ascii += String.fromCharCode(c)
  return `${ascii}\u3000，。、；：？！（）《》“”‘’—…·年月日第页共续编号`
})()

const fontBytes = new Map<ChineseFontWeight, Promise<Buffer>>()

/** The whole TTF of one weight, read once per process (about 15 MB each). */
export function loadChineseFontBytes(weight: ChineseFontWeight): Promise<Buffer> {
  let bytes = fontBytes.get(weight)
  if (!bytes) {
    bytes = readFile(require.resolve(FONT_FILES[weight]))
    bytes.catch(() => fontBytes.delete(weight))
    fontBytes.set(weight, bytes)
  }
  return bytes
}

/** A TrueType font holding only the glyphs for `text` (plus printable ASCII and common CJK punctuation). */
export async function subsetChineseFont(weight: ChineseFontWeight, text: string): Promise<Uint8Array> {
  const chars = [...new Set(Array.from(text + ALWAYS_KEPT))].filter(c => c !== '\n' && c !== '\r' && c !== '\t').join('')
  const subset = await subsetFont(await loadChineseFontBytes(weight), chars, {
    targetFormat: 'truetype',
    // No OpenType layout: pdf-lib draws glyphs at their plain advance widths and lists only the
    // cmap glyphs in /W and ToUnicode, so a GSUB substitute (the font swaps in other digit
    // glyphs after Latin letters, as in G4101…) would be drawn 1 em wide and lost to text
    // extraction. Without GSUB/GPOS every glyph drawn is the cmap glyph of its character.
    dropTables: ['GSUB', 'GPOS', 'GDEF'],
    noHinting: true,
  })
  return new Uint8Array(subset.buffer, subset.byteOffset, subset.byteLength)
}

/**
 * Embeds the regular and bold Chinese fonts into `pdfDoc`, each cut by HarfBuzz down to the
 * characters of `text` (and `boldText`, if the bold face needs other characters), and embedded
 * without pdf-lib's own subsetting. Every string later drawn with these fonts must be made of
 * characters from that text, or it shows as empty boxes.
 */
export async function embedChineseFonts(
  pdfDoc: PDFDocument,
  text: string,
  boldText: string = text,
): Promise<{ regular: PDFFont, bold: PDFFont }> {
  pdfDoc.registerFontkit(fontkit)
  const [regularBytes, boldBytes] = await Promise.all([subsetChineseFont('regular', text), subsetChineseFont('bold', boldText)])
  const regular = await pdfDoc.embedFont(regularBytes, { subset: false })
  const bold = await pdfDoc.embedFont(boldBytes, { subset: false })
  return { regular, bold }
}
