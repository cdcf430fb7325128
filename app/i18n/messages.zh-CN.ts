import zhCN from 'vant/es/locale/lang/zh-CN'
import app from './zh-CN.json'

// The messages every screen may need; each feature area's own file loads with its screens (index.ts).
export default app
export { zhCN as vantMessages }
