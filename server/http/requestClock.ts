import { AsyncLocalStorage } from 'node:async_hooks'
import { useIdNumberClock } from '#shared/idNumber.ts'

// Shared rules that read "today" inside request validation (the ID number's birth date, checked by the
// zod schemas before any handler runs) take it from the clock of the server answering the request:
// several servers with their own clocks may share a process (the tests do), so it travels with the request.
const requestClock = new AsyncLocalStorage<() => Date>()
useIdNumberClock(() => (requestClock.getStore() ?? (() => new Date()))())

/** Runs `next` with `now` as the clock of shared rules. */
export function withRequestClock<T>(now: () => Date, next: () => Promise<T>): Promise<T> {
  return requestClock.run(now, next)
}
