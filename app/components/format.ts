/** A moment as people in China read it: Asia/Shanghai, 24-hour clock, whatever the phone's zone. */
export function shanghaiTime(iso: string) {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
}
