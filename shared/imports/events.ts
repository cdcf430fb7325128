// One row of a 学籍异动 (registration event) import (issue 12): 转学、休学、复学、退学、死亡 … with
// its date, reason and the schools it moved between, keyed by 学籍号 + 异动类别 + 异动日期.
import type { Cell, RowError } from './rows.ts'
import { normalizeIdNumber } from '../idNumber.ts'
import { normalizeHeader } from './columns.ts'
import { cellText, readDate } from './rows.ts'

export type EventColumn = 'registryNo' | 'idNumber' | 'name' | 'changeType' | 'occurredOn' | 'reason' | 'fromSchool' | 'toSchool'
export interface ImportedEvent { row: number, registryNo: string | null, idNumber: string | null, name: string | null, changeType: string, occurredOn: string, note: string | null, toSchool: string | null }

const variants: Record<EventColumn, string[]> = {
  registryNo: ['学籍号', '全国学籍号', '学籍编号', '学生学籍号'],
  idNumber: ['身份证件号', '身份证件号码', '身份证号', '身份证号码', '证件号码'],
  name: ['姓名', '学生姓名'],
  changeType: ['异动类别', '异动类型', '异动类别名称', '学籍异动类别', '变动类型', '异动项目'],
  occurredOn: ['异动日期', '异动时间', '变动日期', '批准日期', '审核通过日期'],
  reason: ['异动原因', '变动原因', '原因', '异动说明'],
  fromSchool: ['转出学校', '原学校', '原就读学校', '转出学校名称', '原学校名称'],
  toSchool: ['转入学校', '转入学校名称', '目标学校', '现学校', '拟转入学校'],
}
const byHeader = new Map(Object.entries(variants).flatMap(([k, names]) => names.map(n => [normalizeHeader(n), k as EventColumn])))
export const eventColumnOf = (header: string) => byHeader.get(normalizeHeader(header)) ?? null
export const eventColumnLabel = (c: EventColumn) => variants[c][0]!
export const eventColumns = Object.keys(variants) as EventColumn[]

// design: the 学籍异动 the national K-12 system and the provincial 中职 module list (DOMAIN §2;
// 002:12-13, 003:13); 转入 and 转出 are the two ends of a 转学 and are kept as written.
export const CHANGE_TYPES = ['转学', '转入', '转出', '休学', '复学', '退学', '死亡', '留级', '跳级', '降级', '升级', '转专业', '转班', '保留学籍', '恢复学籍', '注销学籍', '开除学籍', '出国'] as const
const aliases: Record<string, (typeof CHANGE_TYPES)[number]> = { 死亡注销: '死亡', 学籍注销: '注销学籍', 注销: '注销学籍', 出国出境: '出国', 出国留学: '出国', 退学注销: '退学' }

export type ChangeType = (typeof CHANGE_TYPES)[number]
export type RecordStatus = 'enrolled' | 'suspended' | 'graduated' | 'withdrawn' | 'cancelled'

/**
 * What an imported 异动 does to the record's 学籍状态 (002:12-13, 003:13 list the 异动; what
 * each leaves the record as is design). 出国 is left out: the seeds do not say whether the record
 * is kept or ended, so the event shows on the record and the status stays as the registry last said.
 */
export const STATUS_AFTER: Partial<Record<ChangeType, RecordStatus>> = {
  休学: 'suspended',
  保留学籍: 'suspended',
  复学: 'enrolled',
  恢复学籍: 'enrolled',
  退学: 'withdrawn',
  开除学籍: 'withdrawn',
  死亡: 'cancelled',
  注销学籍: 'cancelled',
}
export const STATUS_LABEL: Record<RecordStatus, string> = { enrolled: '在籍', suspended: '休学', graduated: '毕业', withdrawn: '已退学', cancelled: '已注销' }

/** The 异动 that move the student to the school named as 转入学校 (003:12). */
export const movesSchool = (changeType: string) => changeType === '转学' || changeType === '转入'

/**
 * The record's status and school after this import's new 异动, or null where they stay: only a
 * new event counts (a file imported again changes nothing), and only the latest of its kind
 * (a 复学 dated after this file's 休学, already on the record, wins). design: a graduate's
 * status is not changed by an 异动. `toSchoolUnitId` is the school a new move names (null when
 * nobody knows it); events already on the record leave it out, and a later one still wins.
 */
export function effectOfEvents(current: { status: RecordStatus }, events: { changeType: string, occurredOn: string, isNew: boolean, toSchoolUnitId?: string | null }[]) {
  const latest = (pick: (e: (typeof events)[number]) => boolean) => events.filter(pick).reduce<(typeof events)[number] | undefined>((a, e) => (!a || e.occurredOn >= a.occurredOn ? e : a), undefined)
  const byStatus = latest(e => !!STATUS_AFTER[e.changeType as ChangeType])
  const byMove = latest(e => movesSchool(e.changeType) && e.toSchoolUnitId !== null)
  const status = byStatus?.isNew && current.status !== 'graduated' ? STATUS_AFTER[byStatus.changeType as ChangeType]! : null
  return {
    status: status !== current.status ? status : null,
    schoolUnitId: byMove?.isNew ? byMove.toSchoolUnitId ?? null : null,
  }
}

export function readChangeType(text: string): string | null {
  const t = text.replace(/\s/g, '')
  return (CHANGE_TYPES as readonly string[]).includes(t) ? t : aliases[t] ?? null
}

/** The note the record's history shows: the reason, then where from and where to. */
export function eventNote(reason: string, fromSchool: string, toSchool: string): string | null {
  const parts = [reason, fromSchool && `转出学校：${fromSchool}`, toSchool && `转入学校：${toSchool}`].filter(Boolean)
  return parts.length ? parts.join('；') : null
}

export function readEventRow(row: number, cells: Partial<Record<EventColumn, Cell>>, header: (c: EventColumn) => string, today: string): { ok: true, event: ImportedEvent } | { ok: false, errors: RowError[] } {
  const errors: RowError[] = []
  const refuse = (c: EventColumn, code: string, detail: string) => errors.push({ row, column: header(c), code, message: `第 ${row} 行「${header(c)}」${detail}` })
  const text = (c: EventColumn) => cellText(cells[c])
  const registryNo = text('registryNo').toUpperCase() || null
  const idNumber = text('idNumber') ? normalizeIdNumber(text('idNumber')) : null
  if (!registryNo && !idNumber)
    refuse('registryNo', 'REGISTRY_NO_REQUIRED', '为空：请填写学籍号（或身份证件号）以找到学生')
  const changeType = readChangeType(text('changeType'))
  if (!changeType)
    refuse('changeType', text('changeType') ? 'CODE_UNKNOWN' : 'REQUIRED', text('changeType') ? `的值「${text('changeType')}」不是可识别的异动类别（${CHANGE_TYPES.slice(0, 8).join('、')} 等）` : '不能为空')
  const occurredOn = text('occurredOn') ? readDate(cells.occurredOn) : null
  if (!occurredOn)
    refuse('occurredOn', text('occurredOn') ? 'DATE_INVALID' : 'REQUIRED', text('occurredOn') ? `的值「${text('occurredOn')}」不是有效日期，请写成 2025-09-01` : '不能为空')
  else if (occurredOn > today)
    refuse('occurredOn', 'DATE_IN_FUTURE', `的值「${occurredOn}」晚于今天`)
  if (errors.length)
    return { ok: false, errors }
  return { ok: true, event: { row, registryNo, idNumber, name: text('name') || null, changeType: changeType!, occurredOn: occurredOn!, note: eventNote(text('reason'), text('fromSchool'), text('toSchool')), toSchool: text('toSchool') || null } }
}
