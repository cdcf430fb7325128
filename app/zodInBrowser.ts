// The app's `zod` (vite.config.ts aliases it here). zod checks whether it may compile parsers with
// `new Function`, and the app's CSP (rightly) forbids that: the check alone put a CSP error in the
// console of every form (Lighthouse best practices). In the browser zod parses without compiling.
import { config } from 'zod/v4'

config({ jitless: true })

export * from 'zod/v4'
