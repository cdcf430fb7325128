import type { Db } from './client.ts'

/**
 * A statement built and prepared once per database (drizzle's `.prepare()` with placeholders), for the
 * queries every request runs: building a query costs more CPU than PostgreSQL spends answering it
 * (issue 14's profile). Keyed by the database, as tests and tools open several.
 */
export function preparedOnce<T>(name: string, build: (db: Db) => { prepare: (name: string) => T }): (db: Db) => T {
  const built = new WeakMap<Db, T>()
  return (db) => {
    let statement = built.get(db)
    if (!statement)
      built.set(db, statement = build(db).prepare(name))
    return statement
  }
}

type Client = Pick<import('postgres').Sql, 'unsafe'> & { begin?: (...a: any[]) => Promise<any>, savepoint?: (...a: any[]) => Promise<any> }

/**
 * Makes postgres.js prepare every statement drizzle sends (it caches them per connection by their
 * text), not only those built with `.prepare()`: PostgreSQL then parses and plans each query once
 * per connection instead of on every request. Issue 14: planning the record page took 1.3 ms of
 * PostgreSQL's CPU per request, more than running it (0.5 ms). Transactions and savepoints hand
 * their callbacks a client of their own, which gets the same treatment.
 */
export function prepareEveryStatement<T extends Client>(client: T): T {
  const unsafe = client.unsafe.bind(client)
  client.unsafe = ((text: string, args?: any[], options?: object) => unsafe(text, args ?? [], { ...options, prepare: true })) as T['unsafe']
  for (const scope of ['begin', 'savepoint'] as const) {
    const open = client[scope]?.bind(client)
    if (open) {
      // begin([options], fn) and savepoint([name], fn): the callback comes last.
      client[scope] = ((...a: any[]) => {
        const fn = a.pop() as (inner: Client) => unknown
        return open(...a, (inner: Client) => fn(prepareEveryStatement(inner)))
      }) as T[typeof scope]
    }
  }
  return client
}
