import { describe, expect, it } from 'vitest'
import { statementConflicts } from '../../shared/certificates/earlierStatements.ts'
import { officialSystemOf, pendingEntryLabels } from '../../shared/corrections/officialSystem.ts'

describe('a later 学历证明书 statement against an earlier one (issue 10, 001:4(7))', () => {
  it.each([
    [{ loss: 'lost', occurredOn: '2026-10' }, { loss: 'damaged', occurredOn: '2026-11-20' }, ['loss', 'occurredOn']],
    [{ loss: 'lost', occurredOn: '2026-10' }, { loss: 'damaged', occurredOn: '2026-10-03' }, ['loss']],
    [{ loss: 'lost', occurredOn: '2026-10-03' }, { loss: 'lost', occurredOn: '2026-09' }, ['occurredOn']],
    [{ loss: 'lost', occurredOn: '2026-10-03' }, { loss: 'lost', occurredOn: '2026-10' }, []],
    [{ loss: 'damaged', occurredOn: null }, { loss: 'damaged', occurredOn: '2026-10' }, []],
  ] as const)('%o then %o differ in %o', (earlier, later, expected) => {
    expect(statementConflicts(earlier, later)).toEqual(expected)
  })
})

describe('where an approved correction waits to be entered (issue 10, DOMAIN §0)', () => {
  it.each([
    ['全国中小学生学籍信息管理系统', 'k12', '已批准，待录入国网'],
    ['学信网', 'higher', '已批准，待录入学信网'],
    ['河南省学籍信息模块', 'vocational', '已批准，待录入学籍信息模块'],
    ['', 'higher', '已批准，待录入学信网'],
    ['某市导入', 'vocational', '已批准，待录入学籍信息模块'],
    ['', 'k12', '已批准，待录入国网'],
  ] as const)('a record from "%s" (%s) shows %s', (source, level, label) => {
    expect(pendingEntryLabels[officialSystemOf(source, level)]).toBe(label)
  })
})
