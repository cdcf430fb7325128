import { describe, expect, it } from 'vitest'
import { shanghaiDateTime } from '../../shared/calendar/isoDate.ts'

// Issue 13 item 9: one date format on every screen; times in Beijing whatever the phone's zone.
describe('shanghaiDateTime', () => {
  it('writes the Beijing day the way the dates beside it are written, with a 24-hour clock', () => {
    expect(shanghaiDateTime(new Date('2026-12-02T05:05:00Z'))).toBe('2026-12-02 13:05')
    expect(shanghaiDateTime(new Date('2026-12-01T16:30:00Z'))).toBe('2026-12-02 00:30') // after midnight in Beijing, still the 1st in UTC
    expect(shanghaiDateTime(new Date('2026-12-31T23:59:59.999+08:00'))).toBe('2026-12-31 23:59')
    expect(shanghaiDateTime(new Date('1969-12-31T16:00:00Z'))).toBe('1970-01-01 00:00')
  })
})
