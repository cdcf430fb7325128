import type { LoadedRecord } from './page.ts'
import { Buffer } from 'node:buffer'
import { z } from '@hono/zod-openapi'
import { shanghaiDate } from '#shared/calendar/index.ts'
import { officialSystemOf, pendingEntryLabels } from '#shared/corrections/officialSystem.ts'
import { levelOfSchool } from '#shared/corrections/policy.ts'
import { maskIdNumber, maskPhone, maskRegistryNo } from '#shared/idNumber.ts'
import { diplomaFields, guardianFields, studentFields } from '#shared/recordFields.ts'
import { annotate } from '../certificates/queries.ts'

const field = z.object({ key: z.string(), value: z.string().nullable(), masked: z.boolean().optional() })

export const recordViewSchema = z.object({
  id: z.string(),
  viewerRelation: z.enum(['self', 'guardian', 'officer']),
  registryNo: z.string(),
  temporary: z.boolean(),
  status: z.string(),
  source: z.string(),
  importedAt: z.string(),
  school: z.object({ id: z.string(), name: z.string(), level: z.string(), authorityName: z.string() }),
  major: z.string().nullable(),
  student: z.array(field),
  guardians: z.array(z.object({ ordinal: z.number(), fields: z.array(field) })),
  events: z.array(z.object({ id: z.string(), kind: z.string(), changeType: z.string().nullable(), occurredOn: z.string(), schoolName: z.string(), note: z.string().nullable() })),
  diploma: z.array(field).nullable(),
  // design: a dispute whose field is in a correction under review links to it instead of offering another (issue 13 item 9).
  disputes: z.array(z.object({ id: z.string(), field: z.string(), shownValue: z.string().nullable(), explanation: z.string(), status: z.string(), createdAt: z.string(), correctionId: z.string().nullable() })),
  // 002:19: a changed field keeps its previous value, shown as the record's history.
  history: z.array(z.object({ field: z.string(), oldValue: z.string().nullable(), newValue: z.string().nullable(), at: z.string(), correctionId: z.string().nullable() })),
  // 002:19, 001:4(7): the diploma registration is annotated with each 学历证明书 issued for it.
  diplomaAnnotations: z.array(z.object({ number: z.string(), status: z.enum(['valid', 'superseded', 'revoked']), statusLabel: z.string(), issuedOn: z.string() })),
  // issue 10: an approved change not yet entered in the official system. The field keeps showing the
  // registered value; this is the approved one, waiting for the entry (已批准，待录入国网).
  pendingEntries: z.array(z.object({ field: z.string(), value: z.string().nullable(), system: z.enum(['national', 'chsi', 'provincialModule']), label: z.string(), approvedOn: z.string().nullable(), correctionId: z.string() })),
  // design: a field a correction is deciding on links to it; a second request for it would be refused (CORRECTION_PENDING).
  inCorrection: z.array(z.object({ field: z.string(), correctionId: z.string() })),
  level: z.enum(['k12', 'vocational', 'higher']),
  stage: z.enum(['inSchool', 'diplomaRegistered']),
})
export type RecordView = z.infer<typeof recordViewSchema>

const yesNo = (v: boolean | null) => (v === null ? null : v ? '是' : '否')
function text(v: unknown): string | null {
  if (v === null || v === undefined || v === '')
    return null
  if (typeof v === 'boolean')
    return yesNo(v)
  if (v === 'male')
    return '男'
  if (v === 'female')
    return '女'
  return String(v)
}

// design: ID numbers and guardians' phones are masked on every screen (first 6, last 4; 002:25).
function studentValues(r: LoadedRecord['record']) {
  return studentFields.map(({ key }) => key === 'idNumber'
    ? { key, value: r.idNumber ? maskIdNumber(r.idNumber) : null, masked: !!r.idNumber }
    : { key, value: text(r[key]) })
}

function guardianValues(g: LoadedRecord['guardians'][number]) {
  return guardianFields.map(({ key }) => {
    if (key === 'idNumber')
      return { key, value: g.idNumber ? maskIdNumber(g.idNumber) : null, masked: !!g.idNumber }
    if (key === 'phone')
      return { key, value: g.phone ? maskPhone(g.phone) : null, masked: !!g.phone }
    return { key, value: text(g[key]) }
  })
}

function diplomaValues(d: NonNullable<LoadedRecord['diploma']>) {
  const values: Record<string, unknown> = {
    ...d.diploma,
    studyPeriod: `${d.diploma.startMonth} 至 ${d.diploma.endMonth}`,
    schoolName: d.schoolName,
  }
  return diplomaFields.map(({ key }) => ({ key, value: text(values[key]) }))
}

/** ID numbers and phones are masked wherever a value is shown (DOMAIN §6). */
export function maskField(field: string, value: string | null) {
  if (!value)
    return value
  return field.endsWith('.idNumber') ? maskIdNumber(value) : field.endsWith('.phone') ? maskPhone(value) : value
}

/** design: the record shows what the official system holds, so an approved value waits for its entry there. */
function pendingEntries(loaded: LoadedRecord): RecordView['pendingEntries'] {
  const system = officialSystemOf(loaded.record.source, levelOfSchool(loaded.level))
  return loaded.awaitingEntry.flatMap(c => c.items.map(i => ({
    field: i.field,
    value: maskField(i.field, i.requestedValue),
    system,
    label: pendingEntryLabels[system],
    approvedOn: c.decidedAt ? shanghaiDate(c.decidedAt) : null,
    correctionId: c.id,
  })))
}

export function presentRecord(loaded: LoadedRecord, viewerRelation: RecordView['viewerRelation'], annotations: RecordView['diplomaAnnotations'] = []): RecordView {
  const r = loaded.record
  return {
    id: r.id,
    viewerRelation,
    registryNo: maskRegistryNo(r.registryNo),
    temporary: r.temporary,
    status: r.status,
    source: r.source,
    importedAt: r.importedAt.toISOString(),
    school: { id: loaded.school.id, name: loaded.school.name, level: loaded.level, authorityName: loaded.authorityName },
    major: r.major,
    student: studentValues(r),
    guardians: loaded.guardians.map(g => ({ ordinal: g.ordinal, fields: guardianValues(g) })),
    events: loaded.events.map(({ event: e, schoolName }) => ({ id: e.id, kind: e.kind, changeType: e.changeType, occurredOn: e.occurredOn, schoolName, note: e.note })),
    diploma: loaded.diploma ? diplomaValues(loaded.diploma) : null,
    disputes: loaded.disputes.map(d => ({ id: d.id, field: d.field, shownValue: d.shownValue, explanation: d.explanation, status: d.status, createdAt: d.createdAt.toISOString(), correctionId: loaded.pending.find(c => c.items.some(i => i.field === d.field))?.id ?? null })),
    history: loaded.history.map(h => ({
      field: h.field,
      oldValue: maskField(h.field, h.oldValue),
      newValue: maskField(h.field, h.newValue),
      at: h.at.toISOString(),
      correctionId: h.correctionId,
    })),
    diplomaAnnotations: annotations,
    pendingEntries: pendingEntries(loaded),
    inCorrection: loaded.pending.flatMap(c => c.items.map(i => ({ field: i.field, correctionId: c.id }))),
    level: levelOfSchool(loaded.level),
    stage: loaded.diploma ? 'diplomaRegistered' : 'inSchool',
  }
}

/**
 * The record as stored for every reader (`record_pages`): presented, less whose eyes it is for; ID
 * numbers, phones and a 学籍号 in G form masked, as every screen shows them.
 */
export function presentedPage(loaded: LoadedRecord): string {
  const annotations = annotate(loaded.certificates).map(a => ({ number: a.number, status: a.status, statusLabel: a.statusLabel, issuedOn: a.issuedOn }))
  const { viewerRelation: _, ...page } = presentRecord(loaded, 'self', annotations)
  return JSON.stringify(page)
}

/**
 * A stored page (its UTF-8 bytes) as one reader's answer, a `RecordView` in JSON, made without parsing
 * the page or decoding its text: turning 3 KB of Chinese into a string and back cost a record read
 * about 8 µs of the server's CPU (issue 14).
 */
export function answerFor(page: Uint8Array, viewerRelation: RecordView['viewerRelation']): Uint8Array<ArrayBuffer> {
  return Buffer.concat([Buffer.from(`{"viewerRelation":${JSON.stringify(viewerRelation)},`), page.subarray(1)])
}
