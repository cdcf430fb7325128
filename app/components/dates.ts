import { shanghaiDate } from '#shared/calendar/isoDate.ts'

/** The day, in Beijing time, of an instant the API sent (an ISO string in UTC): never the UTC date. */
export const day = (iso: string) => shanghaiDate(new Date(iso))

/** Today in Beijing time, as YYYY-MM-DD. */
export const today = () => shanghaiDate(new Date())
