import type { EventColumn } from '../../shared/imports/events.ts'
import type { Cell } from '../../shared/imports/rows.ts'
import { describe, expect, it } from 'vitest'
import { effectOfEvents, eventColumnOf, eventNote, readChangeType, readEventRow } from '../../shared/imports/events.ts'

// Issue 12: a 学籍异动 row, read as the national and provincial exports write it.
const read = (cells: Partial<Record<EventColumn, Cell>>) => readEventRow(4, { registryNo: 'g410102201203040012', changeType: '休学', occurredOn: '2026-03-02', ...cells }, c => c, '2026-11-23')

describe('学籍异动 rows', () => {
  it.each([['异动类别', 'changeType'], ['异动类型', 'changeType'], ['异动日期', 'occurredOn'], ['转入学校名称', 'toSchool'], ['原学校', 'fromSchool'], ['全国学籍号', 'registryNo'], ['备注', null]])('header 「%s」 is %s', (header, column) => {
    expect(eventColumnOf(header)).toBe(column)
  })

  it('reads the 异动 names and their common variants, and nothing else', () => {
    expect(['转学', '休学', '复学', '退学', '死亡', '转 出'].map(readChangeType)).toEqual(['转学', '休学', '复学', '退学', '死亡', '转出'])
    expect(readChangeType('死亡注销')).toBe('死亡')
    expect(readChangeType('请假')).toBeNull()
  })

  it('keys by 学籍号 in capitals, reads dates as Excel and people write them, and notes reason and schools', () => {
    const r = read({ occurredOn: 46083, reason: '因病', fromSchool: '甲校', toSchool: '乙校' })
    expect(r).toEqual({ ok: true, event: { row: 4, registryNo: 'G410102201203040012', idNumber: null, name: null, changeType: '休学', occurredOn: '2026-03-02', note: '因病；转出学校：甲校；转入学校：乙校', toSchool: '乙校' } })
    expect(eventNote('', '', '')).toBeNull()
  })

  it('refuses a row without a student, an unknown 异动, a bad or future date, each naming row and column', () => {
    const r = read({ registryNo: null, changeType: '请假', occurredOn: '2026-13-01' })
    expect(r.ok ? [] : r.errors.map(e => [e.column, e.code])).toEqual([['registryNo', 'REGISTRY_NO_REQUIRED'], ['changeType', 'CODE_UNKNOWN'], ['occurredOn', 'DATE_INVALID']])
    const future = read({ occurredOn: '2027-01-05' })
    expect(future.ok ? null : future.errors[0]).toMatchObject({ code: 'DATE_IN_FUTURE', message: '第 4 行「occurredOn」的值「2027-01-05」晚于今天' })
  })
})

describe('what a new 学籍异动 does to the record', () => {
  const e = (changeType: string, occurredOn: string, isNew = true, toSchoolUnitId?: string | null) => ({ changeType, occurredOn, isNew, toSchoolUnitId })
  it('the latest status-bearing event wins, and only when it is new', () => {
    expect(effectOfEvents({ status: 'enrolled' }, [e('休学', '2026-03-01')])).toEqual({ status: 'suspended', schoolUnitId: null })
    expect(effectOfEvents({ status: 'enrolled' }, [e('复学', '2026-10-01', false), e('休学', '2026-03-01')]).status).toBeNull()
    expect(effectOfEvents({ status: 'suspended' }, [e('休学', '2026-03-01', false), e('复学', '2026-10-01')]).status).toBe('enrolled')
    expect(effectOfEvents({ status: 'enrolled' }, [e('死亡', '2026-05-01')]).status).toBe('cancelled')
    expect(effectOfEvents({ status: 'enrolled' }, [e('留级', '2026-05-01'), e('出国', '2026-06-01')]).status).toBeNull()
  })
  it('a graduate keeps the status; a move needs a known school and the latest move', () => {
    expect(effectOfEvents({ status: 'graduated' }, [e('退学', '2026-05-01')]).status).toBeNull()
    expect(effectOfEvents({ status: 'enrolled' }, [e('转学', '2026-09-01', true, 'u-1')]).schoolUnitId).toBe('u-1')
    expect(effectOfEvents({ status: 'enrolled' }, [e('转学', '2026-09-01', true, null)]).schoolUnitId).toBeNull()
    expect(effectOfEvents({ status: 'enrolled' }, [e('转学', '2026-10-01', false), e('转入', '2026-09-01', true, 'u-1')]).schoolUnitId).toBeNull()
  })
})
