import type { RecordView } from '../records/useRecord.ts'
import type { ComplaintDraft, Gender } from './useComplaintDraft.ts'
import { shanghaiDate } from '#shared/calendar/isoDate.ts'
import { maskPhone } from '#shared/idNumber.ts'
import { api, call } from '../../api/client.ts'
import { useSessionStore } from '../../stores.ts'

/** Whole years on today's date in Shanghai. */
export function ageOn(birthDate: string, today = shanghaiDate(new Date())) {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4))
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years
}

const femaleRelations = ['母亲', '祖母', '外祖母']
const valueOf = (fields: RecordView['student'], key: string) => fields.find(f => f.key === key)?.value ?? ''
const genderOf = (v: string): Gender => (v === '男' || v === '女' ? v : '')

export async function searchSchools(q: string) {
  return (await call(api.schools.$get({ query: { q } }))).schools
}

/** Fills what the app already knows, never overwriting what the person typed. */
export function useComplaintPrefill(draft: ComplaintDraft) {
  const session = useSessionStore()
  const records = new Map<string, Promise<RecordView>>()
  const record = (id: string) => {
    if (!records.has(id))
      records.set(id, call(api.records[':id'].$get({ param: { id } })))
    return records.get(id)!
  }

  /** The phone signed in with; for a parent, their own name and 民族 from the child's record. */
  async function complainant() {
    const me = session.me
    const c = draft.complainant
    c.phone ||= me?.phone ?? ''
    const guardianOf = me?.bindings.find(b => b.relation === 'guardian')
    if (!me?.phone || !guardianOf || (c.name && c.idOnRecord))
      return
    // The record shows phones masked; the signed-in phone masked the same way finds the parent.
    const r = await record(guardianOf.recordId).catch(() => null)
    const mine = r?.guardians.find(g => valueOf(g.fields, 'phone') === maskPhone(me.phone!))
    if (!mine)
      return
    // Their own ID number, shown masked; the server takes it from the same entry (issue 13).
    c.idOnRecord = valueOf(mine.fields, 'idNumber')
    if (c.name)
      return
    c.name = valueOf(mine.fields, 'name')
    c.ethnicity ||= valueOf(mine.fields, 'ethnicity')
    c.gender ||= femaleRelations.includes(valueOf(mine.fields, 'relation')) ? '女' : '男'
  }

  /**
   * One tap on a bound child fills the student's name, 性别, 民族 and age and names the school.
   * The ID number and 学籍号 are shown masked (first 6, last 4) and left to the server, which has them on the record.
   */
  async function child(recordId: string) {
    const r = await record(recordId)
    const s = draft.student
    if (s.recordId !== recordId)
      Object.assign(s, { idNumber: '', registryNo: '', idOnRecord: '', registryOnRecord: '' })
    const birth = valueOf(r.student, 'birthDate')
    Object.assign(s, {
      recordId,
      name: valueOf(r.student, 'name'),
      gender: genderOf(valueOf(r.student, 'gender')),
      ethnicity: valueOf(r.student, 'ethnicity'),
      age: birth ? String(ageOn(birth)) : s.age,
      // Shown masked; the server fills the full number from the bound record (issue 13).
      idOnRecord: valueOf(r.student, 'idNumber'),
      registryOnRecord: r.registryNo, // masked as the record shows it (a temporary "L" number whole); the server takes it from the record
      registryNo: '',
    })
    // The record names its school: chosen with no search, so this works offline from the kept record.
    if (draft.school?.id !== r.school.id) {
      draft.schoolQuery = r.school.name
      draft.school = { id: r.school.id, name: r.school.name }
    }
  }

  /**
   * A draft kept from before the form showed the 学籍号 gets the record's numbers, and nothing else (the
   * name or 民族 may have been corrected since). A 学籍号 typed then stays, in its own box.
   */
  async function recordNumbers() {
    const { recordId, registryOnRecord } = draft.student
    if (!recordId || registryOnRecord !== undefined)
      return
    const r = await record(recordId)
    const s = draft.student
    if (s.recordId === recordId) // not another child chosen meanwhile
      Object.assign(s, { idOnRecord: valueOf(r.student, 'idNumber'), registryOnRecord: s.registryNo ? '' : r.registryNo })
  }

  return { complainant, child, recordNumbers }
}
