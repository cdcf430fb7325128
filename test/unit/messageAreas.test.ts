import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'

// Issue 13, initial JavaScript: each feature area's messages load with the screens that use them
// (app/i18n/index.ts). A message read in a script (a toast, a label computed once, `te`) does not
// wait for a late area, so every route must name, in its title or `areas`, every area that its
// screen's code (followed through its imports) uses, or load them itself before the code that
// uses them (`loadAreas([...]).then(() => import(...))`).
// Read from the app's source: the app is type-checked in its own project.
// `errors` is not a screen's: the API client loads it before it words a failure (errorWordsReady).
// In English it also brings the translation of the shared schemas' field messages (`issueText`), so a
// screen that words field messages itself must name it.
const messageAreas = readFileSync('app/i18n/areas.ts', 'utf8').match(/messageAreas = \[([^\]]+)\]/)![1]!.match(/[a-z]+/g)!.filter(a => a !== 'errors')
const areaKey = new RegExp(`['"\`](${messageAreas.join('|')})\\.[A-Za-z]`, 'g')

function areasUsed(file: string, seen = new Set<string>()): Set<string> {
  const found = new Set<string>()
  if (seen.has(file))
    return found
  seen.add(file)
  const source = readFileSync(file, 'utf8')
  for (const m of source.matchAll(areaKey)) found.add(m[1]!)
  if (/\bissueText\(/.test(source) && !file.endsWith('api/client.ts'))
    found.add('errors')
  const loadedFirst = new Map<string, string[]>([...source.matchAll(/loadAreas\(\[([^\]]*)\]\)\.then\(\(\) => import\('([^']+)'\)/g)].map(m => [m[2]!, m[1]!.match(/[a-z]+/g) ?? []]))
  for (const m of source.matchAll(/(?:from |import\()'(\.{1,2}\/[^']+\.(?:vue|ts))'/g)) {
    const next = join(dirname(file), m[1]!)
    if (existsSync(next) && !next.includes('/i18n/'))
      areasUsed(next, seen).forEach(a => loadedFirst.get(m[1]!)?.includes(a) || found.add(a))
  }
  return found
}

const routes = [...readFileSync('app/router.ts', 'utf8').matchAll(/\{ path: '([^']+)', component: \(\) => import\('\.\/([^']+)'\)[^\n]*?meta: \{([^\n]*)\} \}/g)]
  .map(([, path, component, meta]) => ({
    path: path!,
    component: join('app', component!),
    declared: new Set([...(meta!.match(/areas: \[([^\]]*)\]/)?.[1]?.match(/[a-z]+/g) ?? []), meta!.match(/title: '([a-z]+)\./)?.[1] ?? '']),
  }))

describe('every screen names the message areas it uses', () => {
  it('finds the routes', () => expect(routes.length).toBeGreaterThan(25))
  it.each(routes)('$path', ({ component, declared }) => {
    expect([...areasUsed(component)].filter(a => !declared.has(a)).sort()).toEqual([])
  })
})
