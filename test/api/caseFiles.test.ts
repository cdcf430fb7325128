import type { TestServer, Visitor } from './harness.ts'
// Who may download a case's 核查单 / 督办单 PDFs and its attachments (DOMAIN §6): they carry the
// complainant's full ID and phone numbers, so everyone outside the case gets the answer for "no such file".
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acceptToSchool, complaintInput, file, officer, parent } from './complaintsKit.ts'
import { databaseKinds, startServer } from './harness.ts'

const JPEG = new Uint8Array([0xFF, 0xD8, 0xFF, 0xE0, 7, 7, 7])

async function upload(v: Visitor, s: TestServer) {
  const form = new FormData()
  form.append('file', new File([JPEG], 'photo.jpg'))
  const res = await v.fetch(`${s.baseUrl}/api/uploads`, { method: 'POST', body: form })
  expect(res.status).toBe(201)
  return (await res.json() as { id: string }).id
}

describe.each(databaseKinds)('a case\'s sheets and attachments on %s', (kind) => {
  let s: TestServer
  let who: Record<string, Visitor>
  let checkSheet: string
  let superviseSheet: string
  let attachment: string
  beforeAll(async () => {
    s = await startServer(kind)
    const mum = await parent(s)
    attachment = await upload(mum, s)
    const id = await file(mum, complaintInput({ attachmentIds: [attachment] }))
    const county = await officer(s, 'zhongyuan.officer')
    expect((await acceptToSchool(county, id)).status).toBe(200)
    const city = await officer(s, 'zhengzhou.city')
    const supervised = await (await city.api.complaints[':id'].supervise.$post({ param: { id }, json: { instructions: '请加快办理' } })).json()
    checkSheet = supervised.sheets.find(x => x.kind === 'check')!.id
    superviseSheet = supervised.sheets.find(x => x.kind === 'supervise')!.id
    who = {
      'the filer': mum,
      'another parent': await parent(s, '13300000101'),
      'the handling county': county,
      'the handling school': await officer(s, 'primary.registrar'),
      'another county': await officer(s, 'xiangfu.officer'),
      'the city above': city,
      'another city': await officer(s, 'kaifeng.city'),
      'the province': await officer(s, 'henan.province'),
      'anyone signed out': s.visitor(),
    }
  })
  afterAll(async () => { await s.close() })

  const allowed = { 'the filer': 200, 'another parent': 404, 'the handling county': 200, 'the handling school': 200, 'another county': 404, 'the city above': 200, 'another city': 404, 'the province': 200, 'anyone signed out': 401 }

  it.each(Object.entries(allowed))('the 核查单 and 督办单 PDFs: %s gets %i', async (name, status) => {
    for (const sheet of [checkSheet, superviseSheet]) {
      const res = await who[name]!.fetch(`${s.baseUrl}/api/sheets/${sheet}.pdf`)
      expect(res.status, sheet === checkSheet ? '核查单' : '督办单').toBe(status)
      const body = new Uint8Array(await res.arrayBuffer())
      if (status === 200) {
        expect(res.headers.get('content-type')).toBe('application/pdf')
        expect(new TextDecoder().decode(body.subarray(0, 5))).toBe('%PDF-')
      }
      else {
        expect(res.headers.get('content-type')).toMatch(/application\/json/)
      }
    }
  })

  it.each(Object.entries(allowed))('the complaint\'s photo: %s gets %i', async (name, status) => {
    const res = await who[name]!.fetch(`${s.baseUrl}/api/attachments/${attachment}`)
    expect(res.status).toBe(status)
    const body = new Uint8Array(await res.arrayBuffer())
    // A proof photo is never kept in the browser's cache, where it would outlive signing out.
    expect(res.headers.get('cache-control')).toMatch(/no-store/)
    if (status === 200)
      expect([...body]).toEqual([...JPEG])
    else expect(res.headers.get('content-type')).toMatch(/application\/json/)
  })

  it('a photo not yet attached to anything is its uploader\'s alone', async () => {
    const loose = await upload(who['the filer']!, s)
    expect((await who['the filer']!.fetch(`${s.baseUrl}/api/attachments/${loose}`)).status).toBe(200)
    for (const name of ['another parent', 'the handling county', 'the province'])
      expect((await who[name]!.fetch(`${s.baseUrl}/api/attachments/${loose}`)).status, name).toBe(404)
  })
})
