import process from 'node:process'
import postgres from 'postgres'

/** The URL of another database on TEST_DATABASE_URL's server. */
export const databaseUrl = (name: string) => Object.assign(new URL(process.env.TEST_DATABASE_URL!), { pathname: `/${name}` }).toString()

/**
 * A PostgreSQL database of its own beside TEST_DATABASE_URL's (`<prefix>_<time>_<random>`), for a
 * test that needs a whole database (a spawned server, a restore), empty or a copy of `template`;
 * `drop` removes it.
 */
export async function scratchDatabase(prefix: string, template?: string) {
  const name = `${prefix}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`
  const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} })
  await createDatabase(admin, name, template)
  return {
    url: databaseUrl(name),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}

// Two copies of one template at the same moment: PostgreSQL refuses the second while the first reads it.
async function createDatabase(admin: postgres.Sql, name: string, template?: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.unsafe(`create database ${name}${template ? ` template ${template}` : ''}`)
    }
    catch (e) {
      if ((e as { code?: string }).code !== '55006' || attempt >= 50)
        throw e
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }
}
