import enUS from 'vant/es/locale/lang/en-US'
import app from './en.json'

// The same as messages.zh-CN.ts, in English; loaded only when someone reads in English.
export default app
export { enUS as vantMessages }
