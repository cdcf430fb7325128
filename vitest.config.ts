import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // In CI a skipped test fails the run (test/support/noSkipsReporter.ts).
    reporters: ['default', './test/support/noSkipsReporter.ts'],
    // design: two files at a time, then the browser files one after another. vitest's default is
    // cores - 1 workers, one on this 2-core machine, and the API files (each on its own database,
    // half their time waiting on PostgreSQL or a spawned server) took 692 s that way and 480 s two
    // at a time. The browser files run after them, alone, so no page waits on a busy core.
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], maxWorkers: 2 } },
      // API tests run once per database: PGlite always, PostgreSQL when TEST_DATABASE_URL is set.
      { test: { name: 'api', include: ['test/api/**/*.test.ts'], globalSetup: ['test/support/seededCopies.ts'], testTimeout: 30_000, hookTimeout: 60_000, maxWorkers: 2 } },
      // The unit and date-dependent API tests again, with one more year of schedule data (test/nextYear/addYear.ts):
      // adding next year's notice to schedules.json must change no test. PGlite only: the year is the point.
      {
        test: {
          name: 'next-year',
          include: ['test/nextYear/**/*.test.ts', 'test/unit/{calendar,idNumber,caseMachine,correctionPolicy,certificateSignature}.test.ts', 'test/api/{system,complaints,sla,corrections,certificates}.test.ts'],
          setupFiles: ['test/nextYear/addYear.ts'],
          globalSetup: ['test/support/seededCopies.ts'],
          env: { XJT_TEST_PGLITE_ONLY: '1' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
        },
      },
      // isolate: false: the browser files share one module cache (they mock nothing), so the server's and
      // PGlite's modules load once, not once per file (each file still opens its own database): 488 s
      // for the 30 files instead of 608 s here.
      { test: { name: 'browser', include: ['test/browser/**/*.test.ts'], globalSetup: ['test/support/seededCopies.ts'], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false, isolate: false, sequence: { groupOrder: 1 } } },
    ],
  },
})
