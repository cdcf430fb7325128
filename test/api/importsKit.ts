// Workbooks and uploads for the import tests (issue 12): files written with the same library the
// server reads them with, laid out like the national export (a title row, then 附件1 headers).
import type { Visitor } from './harness.ts'
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { expect } from 'vitest'
import { idCheckCharacter } from '../../shared/idNumber.ts'

export type Row = (string | number | Date | null)[]
export type Kind = 'records' | 'schools' | 'events'
export const HEADERS = ['学校标识码', '全国学籍号', '姓名', '性别', '民族', '身份证件类型', '身份证件号', '出生日期', '现居住详细地址']

/** An 18-digit ID number with its check character. */
export const id = (first17: string) => `${first17}${idCheckCharacter(first17)}`

/** `count` distinct valid ID numbers of 郑州市中原区 children born from 2013-01-01 on, `serial` keeping sets apart. */
export function idNumbers(count: number, serial: number) {
  return Array.from({ length: count }, (_, i) => {
    const born = new Date(Date.UTC(2013, 0, 1) + (i % 365) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '')
    return id(`410102${born}${String(serial * 10 + Math.floor(i / 365)).padStart(3, '0')}`)
  })
}

export async function workbook(rows: Row[], headers = HEADERS) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('学生基本信息')
  ws.addRow(['全国中小学生学籍信息管理系统 学生基本信息'])
  ws.addRow(headers)
  for (const r of rows)
    ws.addRow(r)
  return new Uint8Array(await wb.xlsx.writeBuffer() as ArrayBuffer)
}

/**
 * The same workbook with its parts stored in another order, as other writers store them: the
 * shared strings and the sheet before xl/workbook.xml. Readers must not depend on the order.
 */
export async function reordered(bytes: Uint8Array, first: string[]) {
  const zip = await JSZip.loadAsync(bytes)
  const names = Object.keys(zip.files).filter(n => !zip.files[n]!.dir)
  const out = new JSZip()
  for (const name of [...first, ...names.filter(n => !first.includes(n))])
    out.file(name, await zip.file(name)!.async('uint8array'))
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE' })
}

export async function upload(v: Visitor, bytes: Uint8Array, name = '学生名单.xlsx', kind: Kind = 'records') {
  const form = new FormData()
  form.append('file', new File([bytes], name))
  form.append('kind', kind)
  return v.api.imports.$post({ form: form as never }, { init: { body: form } })
}

export async function dryRun(v: Visitor, bytes: Uint8Array, name?: string, kind?: Kind) {
  const res = await upload(v, bytes, name, kind)
  expect(res.status, await res.clone().text()).toBe(201)
  const { id } = await res.json() as { id: string }
  const view = await (await v.api.imports[':id'].$get({ param: { id } })).json()
  return { id, view }
}
