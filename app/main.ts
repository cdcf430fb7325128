import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { i18n, localeReady } from './i18n/index.ts'
import { router } from './router.ts'
import './components/elder.ts'
import './components/install.ts' // listens from the start: the browser offers installation early
import 'vant/es/toast/style'
import 'vant/es/dialog/style'
import 'vant/es/notify/style'
import './styles/base.css'

// Someone who reads in English sees English from the first paint, not Chinese for a moment.
localeReady.finally(() => createApp(App).use(createPinia()).use(router).use(i18n).mount('#app'))
