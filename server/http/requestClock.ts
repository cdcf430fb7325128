import { AsyncLocalStorage } from 'node:async_hooks'
import { useIdNumberClock } from '#shared/idNumber.ts'

/** The wall clock: what a server's `now` is unless a test gives it another. */
export const systemClock = () => new Date()

// Shared rules that read "today" inside request validation (the ID number's birth date, checked by the
// zod schemas before any handler runs) take it from the clock of the server answering the request:
// several servers with their own clocks may share a process (the tests do), so it travels with the request.
const requestClock = new AsyncLocalStorage<() => Date>()
useIdNumberClock(() => (requestClock.getStore() ?? systemClock)())

/**
 * Runs `next` with `now` as the clock of shared rules. A server on the wall clock needs no store:
 * the first `run` of any AsyncLocalStorage turns on Node 20's promise hooks for the whole process,
 * a cost on every promise of every request (issue 14: 3 % of a record read's CPU).
 */
export function withRequestClock<T>(now: () => Date, next: () => Promise<T>): Promise<T> {
  return now === systemClock ? next() : requestClock.run(now, next)
}
