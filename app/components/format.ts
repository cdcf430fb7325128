import { shanghaiDateTime } from '#shared/calendar/isoDate.ts'

/**
 * A moment as people in China read it, in the format of the dates beside it (2026-12-02 13:05),
 * whatever the phone's zone. The browser's zh-CN format (2026/12/02) put two formats on one
 * screen (issue 13 item 9).
 */
export const shanghaiTime = (iso: string) => shanghaiDateTime(new Date(iso))
