import type { Reporter, TestModule } from 'vitest/node'
import process from 'node:process'

/**
 * In CI (REQUIRE_BROWSER / REQUIRE_POSTGRES) every test must run: a test skipped for a missing tool,
 * browser or database fails the run instead of passing quietly.
 */
export default class NoSkipsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>) {
    if (!process.env.REQUIRE_BROWSER && !process.env.REQUIRE_POSTGRES)
      return
    const skipped = modules.flatMap(m => [...m.children.allTests()]).filter(t => t.result().state === 'skipped')
    if (skipped.length === 0)
      return
    for (const t of skipped)
      console.error(`[required] SKIPPED: ${t.module.moduleId.replace(`${process.cwd()}/`, '')} > ${t.fullName}`)
    console.error(`[required] ${skipped.length} test(s) skipped although REQUIRE_BROWSER / REQUIRE_POSTGRES is set`)
    process.exitCode = 1
  }
}
