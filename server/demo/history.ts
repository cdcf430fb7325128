import type { DiplomaRow, EventRow } from './generate.ts'
import type { Rng } from './random.ts'
import type { DemoSchool } from './world.ts'
import { SCHOOL_YEAR } from './identity.ts'
import { dayNumber, isoFromDay, pad, permutation } from './random.ts'

// Registration events (002:12-13, 003:13) and diploma registrations (002:17, 003:17).

export interface History {
  recordId: string
  school: DemoSchool
  stage: string // 小学, 初中 … 本科
  startYear: number
  gradYear: number | null
  /** The school the student transferred from, and the school year the transfer took effect. */
  transfer?: { from: DemoSchool, year: number }
  /** A school year spent on 休学, resumed (复学) the next September. */
  breakYear?: number
  suspendedNow?: boolean
}

const on = (rng: Rng, iso: string, spread: number) => isoFromDay(dayNumber(iso) + rng.int(0, spread))

export function registrationEvents(rng: Rng, h: History): EventRow[] {
  const out: EventRow[] = []
  const at = (year: number) => (h.transfer && year < h.transfer.year ? h.transfer.from : h.school).unitId
  const add = (kind: EventRow['kind'], occurredOn: string, year: number, changeType: string | null, note: string) =>
    out.push({ recordId: h.recordId, kind, changeType, occurredOn, schoolUnitId: at(year), note })
  // 新生注册 and 学年注册 fall in the first month of the autumn term (002:13, 004:1).
  const last = h.gradYear ? h.gradYear - 1 : SCHOOL_YEAR
  for (let y = h.startYear; y <= last; y++) {
    if (h.breakYear !== undefined && y === h.breakYear + 1)
      add('statusChange', on(rng, `${y}-08-24`, 10), y, '复学', '休学期满，申请复学')
    if (h.transfer?.year === y)
      add('statusChange', on(rng, `${y}-08-05`, 30), y, '转学', `由${h.transfer.from.name}转入`)
    if (y === h.startYear)
      add('enrolment', on(rng, `${y}-09-03`, 24), y, null, `${h.stage}新生注册`)
    else
      add('annual', on(rng, `${y}-09-03`, 24), y, null, `${y}—${y + 1}学年注册`)
    if (h.breakYear === y)
      add('statusChange', on(rng, `${y}-10-08`, 70), y, '休学', rng.pick(['因病休学一年', '因家庭原因申请休学一年']))
  }
  if (h.suspendedNow)
    add('statusChange', on(rng, `${SCHOOL_YEAR}-09-20`, 40), SCHOOL_YEAR, '休学', rng.pick(['因病申请休学', '因家庭原因申请休学']))
  if (h.gradYear)
    add('graduation', on(rng, `${h.gradYear}-06-20`, 5), h.gradYear, null, `${h.stage}毕业`)
  return out
}

const vocationalSerial = permutation(10_000_000, 13)
const higherSerial = permutation(1_000_000, 17)

/** A graduate's 学历注册; `index` keeps numbers distinct (one student, one serial). */
export function diploma(h: History & { gradYear: number }, graduatedOn: string, index: number, major: string, length: number): DiplomaRow {
  const higher = h.school.level === 'higher'
  const bachelor = h.school.tier === 'bachelor'
  // 003:17: the number is generated from graduation year, region code, school code and a serial.
  // design: higher education follows the 学信网 layout: institution(5), type 1, year, level, serial(6).
  const diplomaNo = higher
    ? `${h.school.institutionCode}1${h.gradYear}${bachelor ? '05' : '06'}${pad(higherSerial(index), 6)}`
    : `${h.gradYear}${h.school.regionCode}${h.school.code}${pad(vocationalSerial(index), 7)}`
  return {
    recordId: h.recordId,
    diplomaNo,
    schoolUnitId: h.school.unitId,
    educationLevel: higher ? (bachelor ? '本科' : '专科') : '中职',
    major,
    lengthOfSchooling: `${length}年`,
    studyForm: '全日制',
    startMonth: `${h.startYear}-09`,
    endMonth: `${h.gradYear}-06`,
    conclusion: '毕业',
    principalName: h.school.principal,
    // 002:18: the issue date is the graduation date (and the day online query starts). design: the
    // same for a vocational diploma, which the province prints before graduation (003:17).
    issuedOn: graduatedOn,
  }
}
