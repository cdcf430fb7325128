import process from 'node:process'
import postgres from 'postgres'

/**
 * A PostgreSQL database of its own beside TEST_DATABASE_URL's (`<prefix>_<time>_<random>`), for a
 * test that needs a whole database (a spawned server, a restore); `drop` removes it.
 */
export async function scratchDatabase(prefix: string) {
  const name = `${prefix}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`
  const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const url = new URL(process.env.TEST_DATABASE_URL!)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}
