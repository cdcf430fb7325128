import { defineConfig } from 'vitest/config'

const apiIsolated = ['test/api/officerSignIn.test.ts', 'test/api/dataAtRest.test.ts']

export default defineConfig({
  test: {
    // In CI a skipped test fails the run (test/support/noSkipsReporter.ts).
    reporters: ['default', './test/support/noSkipsReporter.ts'],
    // design: two files at a time everywhere. vitest's default is cores - 1 workers, one on this 2-core
    // machine, and the API files (each on its own database, half their time waiting on PostgreSQL or a
    // spawned server) took 692 s that way and 480 s two at a time. The browser files run after them
    // (groupOrder), two at a time too: 488 s for the 30 files in an hour when one at a time took 659 s.
    // Three at a time gained nothing more (478 s, the cores 98 % busy).
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], maxWorkers: 2 } },
      // API tests run once per database: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. isolate: false:
      // a worker's files share one module cache, so the server's modules load once per worker, not once per file
      // (586 → 502 s here). Each file still starts its own servers, each on its own database, and starts with
      // the test data key (testKey.ts). The two files that replace a module (vi.mock) or what a module holds
      // mid-file (keys installed and rotated) run isolated, on their own.
      { test: { name: 'api', include: ['test/api/**/*.test.ts'], exclude: apiIsolated, globalSetup: ['test/support/seededCopies.ts'], setupFiles: ['test/support/testKey.ts'], testTimeout: 30_000, hookTimeout: 60_000, maxWorkers: 2, isolate: false } },
      { test: { name: 'api-isolated', include: apiIsolated, globalSetup: ['test/support/seededCopies.ts'], testTimeout: 30_000, hookTimeout: 60_000, maxWorkers: 2 } },
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
      // isolate: false: the browser files share one module cache per worker (they mock nothing), so the server's
      // and PGlite's modules load once, not once per file (each file still opens its own database): one at a
      // time, 488 s for the 30 files instead of 608 s, in a faster hour. expect.poll waits up to 10 s, not
      // vitest's 1 s: a page sharing the cores with another file's can take over a second to show a list.
      { test: { name: 'browser', include: ['test/browser/**/*.test.ts'], globalSetup: ['test/support/seededCopies.ts'], setupFiles: ['test/support/testKey.ts'], testTimeout: 120_000, hookTimeout: 120_000, maxWorkers: 2, isolate: false, expect: { poll: { timeout: 10_000 } }, sequence: { groupOrder: 1 } } },
    ],
  },
})
