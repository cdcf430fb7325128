import { z } from 'zod'
import { isIsoDate, ISO_DATE_MESSAGE } from './isoDate.ts'

// design: apart from isoDate.ts, so the date formatting on the app's first screen does not bring
// zod with it (issue 13, initial JavaScript ≤ 100 KB).
/** zod schema for an IsoDate; rejects non-dates such as 2025-02-30. */
export const isoDateSchema = z
  .string({ error: ISO_DATE_MESSAGE })
  .refine(isIsoDate, { error: ISO_DATE_MESSAGE })
