// `npm run backup [-- <file>]` and `npm run restore -- <file>` for the database of the current
// settings (DATABASE_URL, or the embedded one under DATA_DIR): docs/deploy.md "Backups".
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { databaseLocation } from '../db/client.ts'
import { EnvError, readEnv } from '../env.ts'
import { backup, BackupError, defaultBackupFile, restore } from './backup.ts'

const { positionals } = parseArgs({ allowPositionals: true })
const [command, file] = positionals
if ((command !== 'backup' && command !== 'restore') || (command === 'restore' && !file) || positionals.length > 2) {
  console.error('usage: npm run backup [-- <file>]   |   npm run restore -- <file>')
  process.exit(2)
}

try {
  const location = databaseLocation(readEnv())
  const where = location.startsWith('postgres') ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${location}`
  if (command === 'backup') {
    const target = file ?? defaultBackupFile(location)
    mkdirSync(dirname(target), { recursive: true })
    await backup(location, target)
    console.log(`Backed up ${where} to ${target}.`)
    console.log('It is readable only with this deployment\'s DATA_KEY (or, in the demo, DATA_DIR/data.key): keep the key, apart from the backup.')
  }
  else {
    const result = await restore(location, file!)
    console.log(`Restored ${where} from ${file}.${result?.keptAside ? ` The data it replaced is in ${result.keptAside}.` : ''}`)
    console.log('Start the server with the DATA_KEY the backup was made under; it applies any newer migration.')
  }
}
catch (e) {
  if (!(e instanceof BackupError || e instanceof EnvError))
    throw e
  console.error(`${command} failed: ${e.message}`)
  process.exit(1)
}
