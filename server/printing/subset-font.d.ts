// Types for `subset-font` 2.9 (HarfBuzz hb-subset in wasm); @types/subset-font lags behind
// and lacks `dropTables`, which fonts.ts needs.
declare module 'subset-font' {
  import type { Buffer } from 'node:buffer'

  interface SubsetFontOptions {
    targetFormat?: 'sfnt' | 'woff' | 'woff2' | 'truetype'
    preserveNameIds?: number[]
    keepFeatures?: string[]
    variationAxes?: Record<string, number | { min: number, max: number, default?: number }>
    noLayoutClosure?: boolean
    glyphNames?: boolean
    noHinting?: boolean
    dropTables?: string[]
    keepAllGlyphs?: boolean
  }
  function subsetFont(font: Buffer | Uint8Array, text: string | null | undefined, options?: SubsetFontOptions): Promise<Buffer>
  export default subsetFont
}
