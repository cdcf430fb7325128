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
 * text), not only those built with `.prepare()`: each query is described and parsed once per
 * connection instead of on every request, and PostgreSQL keeps a generic plan where one serves (the
 * record page: 1.3 ms of planning per request before, more than running it); statements whose plan
 * depends on the values (a LIKE prefix, a partial index's predicate) keep getting custom plans.
 * Transactions and savepoints hand their callbacks a client of their own, which gets the same treatment.
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
