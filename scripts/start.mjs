import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
// npm start: build the app once if it is missing or older than its sources, then serve app + API on one port.
import process from 'node:process'

function newest(dir) {
  let t = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

const built = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0
if (built < Math.max(newest('app'), newest('shared'), newest('public'))) {
  const r = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' })
  if (r.status !== 0)
    process.exit(r.status ?? 1)
}
// The same heap ceiling as production (npm run start:prod, docs/deploy.md): with none, V8 sizes the
// heap from the machine's memory and lets an import's garbage pile up to several hundred MB.
const r = spawnSync('npx', ['tsx', '--max-old-space-size=512', 'server/main.ts'], { stdio: 'inherit' })
process.exit(r.status ?? 0)
