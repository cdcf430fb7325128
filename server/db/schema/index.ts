export * from './accounts.ts'
export * from './audit.ts'
export * from './studentRecords.ts'
export * from './units.ts'
