import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prepareEveryPgliteStatement } from '../../server/db/prepared.ts'

// PGlite with every statement named and planned once (issue 14): it must answer as PGlite's own query() does.
describe('PGlite with named statements', () => {
  let pg: PGlite
  beforeAll(async () => {
    pg = await prepareEveryPgliteStatement(new PGlite('memory://'))
    await pg.exec('create table notes (id uuid primary key, body text not null, at timestamptz)')
  })
  afterAll(() => pg.close())

  const insert = 'insert into notes (id, body, at) values ($1, $2, $3) returning id, body, at'

  it('answers rows, in either row mode, with parameters serialized and results parsed by type', async () => {
    const at = new Date('2026-03-01T08:00:00Z')
    const { rows } = await pg.query<{ id: string, body: string, at: Date }>(insert, ['00000000-0000-4000-8000-000000000001', '一', at])
    expect(rows).toEqual([{ id: '00000000-0000-4000-8000-000000000001', body: '一', at }])
    const again = await pg.query('select body from notes where id = $1', ['00000000-0000-4000-8000-000000000001'], { rowMode: 'array' })
    expect(again.rows).toEqual([['一']])
  })

  it('a statement refused on its values leaves the same statement usable with good ones', async () => {
    await expect(pg.query(insert, ['not-a-uuid', '二', null])).rejects.toThrow(/uuid/)
    await expect(pg.query('select nothing from nowhere')).rejects.toThrow(/nowhere/)
    const { rows } = await pg.query(insert, ['00000000-0000-4000-8000-000000000002', '二', null])
    expect(rows).toHaveLength(1)
  })

  it('a transaction that fails writes nothing; the next one commits', async () => {
    await expect(pg.transaction(async (tx) => {
      await tx.query(insert, ['00000000-0000-4000-8000-000000000003', '三', null])
      await tx.query(insert, ['00000000-0000-4000-8000-000000000003', '重复', null])
    })).rejects.toThrow(/duplicate key/)
    await pg.transaction(tx => tx.query(insert, ['00000000-0000-4000-8000-000000000004', '四', null]))
    const { rows } = await pg.query<{ body: string }>('select body from notes order by body')
    expect(rows.map(r => r.body)).toEqual(['一', '二', '四'])
  })

  it('queries sent at once run one at a time, none inside another\'s transaction', async () => {
    const tx = pg.transaction(async (t) => {
      await t.query(insert, ['00000000-0000-4000-8000-000000000005', '五', null])
      await t.query('select pg_sleep(0.05)')
      throw new Error('changed my mind')
    })
    const outside = pg.query<{ n: number }>('select count(*)::int as n from notes')
    await expect(tx).rejects.toThrow('changed my mind')
    expect((await outside).rows[0]!.n).toBe(3)
  })
})
