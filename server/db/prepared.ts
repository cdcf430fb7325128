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
