// Where an approved correction must be entered before the record here may show it (DOMAIN §0: this
// product shows the record as registered in the official system; the official system is the truth).
import type { EducationLevel } from './policy.ts'

/** 国网 (K-12, 004:2), 学信网 (higher education, 002) or Henan's 学籍信息模块 (vocational, 003:5). */
export type OfficialSystem = 'national' | 'chsi' | 'provincialModule'

/**
 * The system a record's changes are entered in, from the source the record was imported from; an
 * unknown source falls back on the school's level (design: the level decides which system keeps it).
 */
export function officialSystemOf(source: string, level: EducationLevel): OfficialSystem {
  if (source.includes('学信网'))
    return 'chsi'
  if (source.includes('学籍信息模块'))
    return 'provincialModule'
  if (source.includes('全国中小学生学籍信息管理系统'))
    return 'national'
  return level === 'higher' ? 'chsi' : level === 'vocational' ? 'provincialModule' : 'national'
}

/** The words on a pending field, 已批准，待录入国网 (zh-CN; the app has the English). */
export const pendingEntryLabels: Record<OfficialSystem, string> = {
  national: '已批准，待录入国网',
  chsi: '已批准，待录入学信网',
  provincialModule: '已批准，待录入学籍信息模块',
}
