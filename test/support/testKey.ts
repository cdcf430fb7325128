import { installTestKey } from './seededCopies.ts'

// vitest setupFile, run before each test file even where a worker's files share one module cache
// (isolate: false): a file that installed keys of its own (a server started with DATA_KEY) leaves them
// in the shared keyring module, and every later file in that worker would otherwise seed its databases
// from scratch instead of copying them (test/support/seededCopies.ts, copiesUsable).
installTestKey()
