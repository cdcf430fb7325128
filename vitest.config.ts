import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // In CI a skipped test fails the run (test/support/noSkipsReporter.ts).
    reporters: ['default', './test/support/noSkipsReporter.ts'],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // API tests run once per database: PGlite always, PostgreSQL when TEST_DATABASE_URL is set.
      { test: { name: 'api', include: ['test/api/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      // The unit and date-dependent API tests again, with one more year of schedule data (test/nextYear/addYear.ts):
      // adding next year's notice to schedules.json must change no test. PGlite only: the year is the point.
      {
        test: {
          name: 'next-year',
          include: ['test/nextYear/**/*.test.ts', 'test/unit/{calendar,idNumber,caseMachine,correctionPolicy,certificateSignature}.test.ts', 'test/api/{system,complaints,sla,corrections,certificates}.test.ts'],
          setupFiles: ['test/nextYear/addYear.ts'],
          env: { XJT_TEST_PGLITE_ONLY: '1' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false } },
    ],
  },
})
