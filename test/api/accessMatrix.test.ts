import type { Access } from '../../server/http/access.ts'
import type { TestServer, Visitor } from './harness.ts'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accounts } from '../../server/db/schema/index.ts'
import { accessTable } from '../../server/http/access.ts'
import { acceptToSchool, complaintInput, featured, mother, officer, parent, primary } from './complaintsKit.ts'
import { databaseKinds, signIn, startServer } from './harness.ts'

const college = featured.college!

type Actor = 'anonymous' | 'self' | 'guardian' | 'otherCitizen' | 'registrar' | 'county' | 'countyHead' | 'countyAdmin' | 'city' | 'province' | 'otherCounty'
const citizens: Actor[] = ['self', 'guardian', 'otherCitizen']
const officers: Actor[] = ['registrar', 'county', 'countyHead', 'countyAdmin', 'city', 'province', 'otherCounty']
/** Officers with the `admin` role (issue 12): 中原区's account administrator. */
const admins: Actor[] = ['countyAdmin']

/** Who reaches the objects the matrix uses: 李子涵's record at 育英路小学 (中原区, 郑州) and her mother's case; a 郑州 college graduate's certificate. */
const reachOf: Record<Exclude<Access['reach'], 'none'>, Actor[]> = {
  record: ['self', 'guardian', 'registrar', 'county', 'countyHead', 'countyAdmin', 'city', 'province'],
  correction: ['self', 'guardian', 'registrar', 'county', 'countyHead', 'countyAdmin', 'city', 'province'],
  complaint: ['guardian', 'registrar', 'county', 'countyHead', 'countyAdmin', 'city', 'province'],
  certificate: ['province'], // the graduate and the college's own staff are not among the matrix's actors
  session: [], // another account's session id
  import: ['registrar', 'county', 'countyHead', 'countyAdmin', 'city', 'province'], // made by 育英路小学's registrar
  account: ['countyAdmin'], // 育英路小学's second registrar, and the school itself
}

type Expected = 'allowed' | 401 | 403 | 404

const application = { loss: 'lost', occurredOn: '2026-10', circumstances: '2026年10月搬家时装毕业证书的文件袋遗失，已多方寻找未果。', statement: { signedName: college.record.name, agreed: true } }
/** Bodies the schema sampler cannot guess (refinements), so these operations reach their access check. */
const bodies: Record<string, () => unknown> = {
  'POST /records/{id}/disputes': () => ({ requestId: crypto.randomUUID(), field: 'student.name', explanation: '名字登记错了一个字' }),
  'POST /corrections': () => ({ requestId: crypto.randomUUID(), recordId: primary.record.id, items: [{ field: 'student.householdAddress', requestedValue: '河南省郑州市中原区建设西路 9 号' }], reason: '户口迁移', attachmentIds: [] }),
  'POST /corrections/{id}/official-entry': () => ({ enteredOn: '2026-11-20', operator: '孙雅静', reference: 'GW-2026-001' }),
  'POST /records/{id}/certificate-requests': () => ({ requestId: crypto.randomUUID(), ...application }),
  'POST /verify/{number}': () => ({ name: college.record.name }),
  'POST /admin/accounts': () => ({ username: `matrix.${crypto.randomUUID().slice(0, 8)}`, displayName: '张伟', unitId: primary.record.schoolUnitId, role: 'registrar' }),
  // Not a requirement that would stop the school's registrar (an actor) from working the rest of the matrix.
  'PUT /admin/units/{id}/security': () => ({ requireTotp: false }),
}

/** What the table promises for an actor; `allowed` means past authorization (a 2xx, or a 400/409 about the body or the state). */
function expected(access: Access, actor: Actor): Expected {
  if (access.audience !== 'anyone') {
    if (actor === 'anonymous')
      return 401
    if (access.audience === 'citizen' && !citizens.includes(actor))
      return 403
    if ((access.audience === 'officer' || access.audience === 'province' || access.audience === 'admin') && !officers.includes(actor))
      return 403
    if (access.audience === 'province' && actor !== 'province')
      return 403
    if (access.audience === 'admin' && !admins.includes(actor))
      return 403
  }
  if (access.reach !== 'none' && !reachOf[access.reach].includes(actor))
    return 404
  return 'allowed'
}

/** A body the operation's schema accepts, from its OpenAPI schema, so refusals come from access and not validation. */
function sample(schema: any, name = ''): unknown {
  if (!schema)
    return undefined
  if (schema.anyOf || schema.oneOf)
    return sample((schema.anyOf ?? schema.oneOf).find((s: any) => s.type !== 'null'), name)
  if (schema.enum)
    return schema.enum[0]
  if (schema.const !== undefined)
    return schema.const
  switch (schema.type) {
    case 'object': return Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([k]) => schema.required?.includes(k)).map(([k, v]) => [k, sample(v, k)]))
    case 'array': return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items, name))
    case 'integer': case 'number': return Math.max(schema.minimum ?? 1, 1)
    case 'boolean': return true
    case 'string':
      if (schema.format === 'uuid')
        return crypto.randomUUID()
      if (/date/i.test(name) || schema.format === 'date')
        return '2026-10-08'
      return '经核实情况属实，按规定办理完毕。'.padEnd(Math.max(schema.minLength ?? 0, 8), '。').slice(0, schema.maxLength ?? 200)
  }
  return undefined
}

describe.each(databaseKinds)('access control matrix on %s (issue 9)', (kind) => {
  let s: TestServer
  const actors = new Map<Actor, Visitor>()
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    s = await startServer(kind)
    actors.set('anonymous', s.visitor())
    const mum = await parent(s)
    await mum.api.bindings.$post({ json: { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber!, childName: primary.record.name, childIdNumber: primary.record.idNumber! } })
    actors.set('guardian', mum)
    const self = s.visitor()
    await signIn(self, '13900000101')
    expect((await self.api.bindings.$post({ json: { relation: 'self', name: primary.record.name, idNumber: primary.record.idNumber! } })).status).toBe(200)
    actors.set('self', self)
    const other = s.visitor()
    await signIn(other, '13900000102')
    actors.set('otherCitizen', other)
    for (const [actor, username] of [['registrar', 'primary.registrar'], ['county', 'zhongyuan.officer'], ['countyHead', 'zhongyuan.head'], ['countyAdmin', 'zhongyuan.admin'], ['city', 'zhengzhou.city'], ['province', 'henan.province'], ['otherCounty', 'xiangfu.officer']] as const)
      actors.set(actor, await officer(s, username))

    // The objects: a case with a 核查单 and a photo, a correction, a certificate request.
    const upload = async () => {
      const form = new FormData()
      form.append('file', new File([new Uint8Array([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])], 'photo.jpg'))
      return (await (await mum.fetch(`${s.baseUrl}/api/uploads`, { method: 'POST', body: form })).json() as { id: string }).id
    }
    ids.attachment = await upload()
    ids.complaint = await freshCase([ids.attachment])
    const view = await (await mum.api.complaints[':id'].$get({ param: { id: ids.complaint } })).json() as { sheets: { id: string }[] }
    ids.sheetId = view.sheets[0]!.id
    ids.sheet = `${ids.sheetId}.pdf`
    const correction = await mum.api.corrections.$post({ json: { requestId: crypto.randomUUID(), recordId: primary.record.id, items: [{ field: 'student.currentAddress', requestedValue: '河南省郑州市中原区建设西路 8 号' }], reason: '搬家后住址变了', attachmentIds: [await upload()] } })
    expect(correction.status, await correction.clone().text()).toBe(201)
    ids.correction = (await correction.json() as { id: string }).id
    const graduate = s.visitor()
    await signIn(graduate, '13900000103')
    const bound = await (await graduate.api.bindings.$post({ json: { relation: 'self', name: college.record.name, idNumber: college.record.idNumber! } })).json() as { recordId: string }
    const request = await graduate.api.records[':id']['certificate-requests'].$post({ param: { id: bound.recordId }, json: { requestId: crypto.randomUUID(), loss: 'lost', occurredOn: '2026-10', circumstances: '2026年10月搬家时装毕业证书的文件袋遗失，已多方寻找未果。', statement: { signedName: college.record.name, agreed: true } } })
    expect(request.status, await request.clone().text()).toBe(201)
    ids.certificateRequest = (await request.json() as { id: string }).id
    expect((await (await officer(s, 'college.registrar')).api['certificate-requests'][':id'].review.$post({ param: { id: ids.certificateRequest } })).status).toBe(200)
    const issued = await (await officer(s, 'college.registrar2')).api['certificate-requests'][':id'].issue.$post({ param: { id: ids.certificateRequest } })
    const certificate = (await issued.json() as { certificate: { id: string, number: string } }).certificate
    ids.certificate = certificate.id
    ids.certificateNumber = certificate.number
    const sheet = new FormData()
    sheet.append('file', new File(['姓名,民族,身份证件号\r\n李子涵,汉族,\r\n'], '名单.csv'))
    sheet.append('kind', 'records')
    const imported = await actors.get('registrar')!.fetch(`${s.baseUrl}/api/imports`, { method: 'POST', body: sheet })
    expect(imported.status, await imported.clone().text()).toBe(201)
    ids.import = (await imported.json() as { id: string }).id
    const code = await s.visitor().api.auth.sms.send.$post({ json: { phone: '13900000104' } })
    ids.smsDelivery = (await code.json() as { deliveryId: string }).deliveryId
    const [account] = await s.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'primary.registrar2'))
    ids.account = account!.id
  }, 120_000)

  /** The mother's complaint about her daughter, accepted by the county and assigned to the school. */
  async function freshCase(attachmentIds: string[] = []) {
    const input = complaintInput({ attachmentIds })
    const filed = await actors.get('guardian')!.api.complaints.$post({ json: { ...input, student: { ...input.student, recordId: primary.record.id } } })
    const id = (await filed.json() as { id: string }).id
    expect((await acceptToSchool(actors.get('county')!, id)).status).toBe(200)
    return id
  }
  afterAll(async () => { await s?.close() })

  /** The path with its parameters filled from the fixtures. */
  function pathFor(path: string) {
    const byPrefix: [string, string | undefined][] = [['/records/', primary.record.id], ['/complaints/', ids.complaint], ['/corrections/', ids.correction], ['/certificate-requests/', ids.certificateRequest], ['/certificates/', ids.certificate], ['/attachments/', ids.attachment], ['/imports/', ids.import], ['/sheets/', ids.sheetId], ['/auth/sms/deliveries/', ids.smsDelivery], ['/admin/accounts/', ids.account], ['/admin/units/', primary.record.schoolUnitId]]
    const id = byPrefix.find(([prefix]) => path.startsWith(prefix))?.[1] ?? crypto.randomUUID()
    const file = path.startsWith('/sheets/') ? ids.sheet! : `${ids.certificate}.pdf`
    return path.replace('{kind}', 'records').replace('{file}', file).replace('{number}', ids.certificateNumber!).replace('{id}', id)
  }

  it('every operation in the OpenAPI document answers every kind of actor as the access table says', async () => {
    const doc = await (await fetch(`${s.baseUrl}/api/openapi.json`)).json() as { paths: Record<string, Record<string, any>> }
    const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, op })))
    expect([...operations.map(o => o.key), 'GET /openapi.json'].sort()).toEqual(Object.keys(accessTable).sort()) // the table lists exactly the operations served

    const mismatches: string[] = []
    let cells = 0
    // Side-effecting calls that would end the fixtures' sessions or state run last.
    const last = ['PUT /officer/security/unit', 'POST /auth/sessions/end-all', 'POST /auth/logout']
    const ordered = [...operations.filter(o => !last.includes(o.key)), ...last.map(k => operations.find(o => o.key === k)!)]
    for (const { key, method, path, op } of ordered) {
      // A case step changes the case: each step is tried on a case of its own, so one actor's step does not move the next one out of reach.
      if (method === 'POST' && path.startsWith('/complaints/{id}/'))
        ids.complaint = await freshCase()
      for (const [actor, visitor] of actors) {
        const json = op.requestBody?.content?.['application/json']
        const body = json ? JSON.stringify(bodies[key]?.() ?? sample(json.schema)) : undefined
        if (key.startsWith('POST /auth/') && last.includes(key) && actor !== 'anonymous' && actor !== 'otherCitizen')
          continue
        const res = await visitor.fetch(`${s.baseUrl}/api${pathFor(path)}`, { method, body, headers: body ? { 'content-type': 'application/json' } : {} })
        const answer = await res.json().catch(() => null) as { code?: string } | null
        cells++
        const want = expected(accessTable[key]!, actor)
        const refusal = [401, 403, 404].includes(res.status) && !(res.status === 403 && !['WRONG_ACCOUNT_KIND', 'PROVINCE_ONLY', 'ADMIN_ONLY', 'UNAUTHENTICATED'].includes(answer?.code ?? ''))
        const ok = want === 'allowed' ? !refusal && res.status < 500 : res.status === want
        if (!ok)
          mismatches.push(`${key} as ${actor}: expected ${want}, got ${res.status} ${answer?.code ?? ''}`)
      }
    }
    console.log(`[access matrix] ${kind}: ${operations.length} operations × ${actors.size} actors, ${cells} answers checked, ${mismatches.length} mismatches`)
    expect(mismatches).toEqual([])
  }, 300_000)
})
