/** The feature areas whose messages load with their screens (index.ts); each has <area>.<locale>.json. */
export const messageAreas = ['audit', 'bind', 'cases', 'certificates', 'complaints', 'corrections', 'demo', 'dispute', 'errors', 'imports', 'notices', 'officer', 'outbox', 'people', 'security'] as const
export type MessageArea = typeof messageAreas[number]
