import type { TestServer, Visitor } from './harness.ts'
// Issue 10 item 16: a second 学历证明书 request for the same diploma is compared with the earlier ones.
// The officer sees both statements, flagged when they contradict (lost, then damaged; another date);
// the graduate is told on submit that an earlier request exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { featured, officer } from './complaintsKit.ts'
import { databaseKinds, signIn, startServer } from './harness.ts'

const college = featured.college!

describe.each(databaseKinds)('a second certificate request for the same diploma on %s', (kind) => {
  let s: TestServer
  let student: Visitor
  let recordId: string
  beforeAll(async () => {
    s = await startServer(kind)
    student = s.visitor()
    await signIn(student, '13712340071')
    recordId = (await (await student.api.bindings.$post({ json: { relation: 'self', name: college.record.name, idNumber: college.record.idNumber! } })).json()).recordId
  })
  afterAll(async () => { await s.close() })

  const apply = (loss: 'lost' | 'damaged', occurredOn: string, circumstances: string) => {
    s.clock.advance(60_000) // each request filed a minute after the one before
    return student.api.records[':id']['certificate-requests'].$post({ param: { id: recordId }, json: { requestId: crypto.randomUUID(), loss, occurredOn, circumstances, statement: { signedName: college.record.name, agreed: true } } })
  }
  const refuse = async (id: string) =>
    expect((await (await officer(s, 'college.registrar')).api['certificate-requests'][':id'].refuse.$post({ param: { id }, json: { reason: '请补充登报遗失声明' } })).status).toBe(200)

  it('lost, then damaged: accepted, and the officer sees both statements with the contradiction flagged', async () => {
    const first = await (await apply('lost', '2026-10', '2026年10月搬家时装毕业证书的文件袋遗失，已多方寻找未果。')).json()
    expect(first).toMatchObject({ earlier: [], contradictsEarlier: false })
    await refuse(first.id)

    const res = await apply('damaged', '2026-11-20', '毕业证书在家中被水浸泡，字迹无法辨认。')
    expect(res.status).toBe(201)
    const second = await res.json()
    // The graduate is told, in the answer to the submit, that an earlier request exists and differs.
    expect(second).toMatchObject({ contradictsEarlier: true, earlier: [{ id: first.id, loss: 'lost', occurredOn: '2026-10', status: 'refused', conflicts: ['loss', 'occurredOn'] }] })

    const registrar = await officer(s, 'college.registrar')
    const seen = await (await registrar.api['certificate-requests'][':id'].$get({ param: { id: second.id } })).json()
    expect(seen).toMatchObject({ loss: 'damaged', circumstances: '毕业证书在家中被水浸泡，字迹无法辨认。', contradictsEarlier: true })
    expect(seen.earlier).toEqual([expect.objectContaining({ loss: 'lost', lossLabel: '遗失', circumstances: '2026年10月搬家时装毕业证书的文件袋遗失，已多方寻找未果。', statement: expect.stringContaining(`签名：${college.record.name}`) })])
    const queue = await (await registrar.api.officer['certificate-requests'].$get({ query: {} })).json()
    expect(queue.requests.find(r => r.id === second.id)).toMatchObject({ contradictsEarlier: true })
    const inbox = await (await registrar.api.notifications.$get({ query: {} })).json()
    expect(inbox.notifications.filter(n => n.kind === 'certificate.requested' && n.title.includes('说法不一致'))).toHaveLength(1)
    await refuse(second.id)
  })

  it('each earlier statement is compared on its own: one that agrees carries no flag', async () => {
    const third = await (await apply('damaged', '2026-11', '毕业证书被水浸泡损毁，原证书已交回学校。')).json()
    // Earlier: lost 2026-10 (contradicts) and damaged 2026-11-20 (agrees at month precision).
    expect(third.earlier.map(e => e.conflicts)).toEqual([['loss', 'occurredOn'], []])
    expect(third.contradictsEarlier).toBe(true)
    await refuse(third.id)
    const mine = await (await student.api.records[':id'].certificates.$get({ param: { id: recordId } })).json()
    expect(mine.requests.find(r => r.id === third.id)!.earlier).toHaveLength(2)
  })
})
