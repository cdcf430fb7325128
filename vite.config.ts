import type { Plugin } from 'vite'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite'
import { VantResolver } from '@vant/auto-import-resolver'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { defineConfig } from 'vite'
import { compression } from 'vite-plugin-compression2'
import { VitePWA } from 'vite-plugin-pwa'

const apiPort = Number(process.env.PORT ?? 8787)

// Vant's icon font is inlined as woff2, with a fallback on at.alicdn.com that Chromium requests all
// the same: a third-party request on every page, which the CSP blocks with a console error. Every
// browser the app supports reads woff2, so the fallback goes.
function vantIconFontWithoutCdn(): Plugin {
  return {
    name: 'vant-icon-font-without-cdn',
    enforce: 'pre',
    transform: (code, id) => (/vant\/es\/icon\/index\.css$/.test(id) ? code.replace(/,\s*url\("?\/\/at\.alicdn\.com[^)]*\)\s*format\("woff"\)/g, '') : undefined),
  }
}

export default defineConfig({
  root: fileURLToPath(new URL('./app', import.meta.url)),
  publicDir: fileURLToPath(new URL('./public', import.meta.url)),
  // zod without its compiled parsers in the browser (app/zodInBrowser.ts); the server keeps them.
  resolve: { alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('./app/zodInBrowser.ts', import.meta.url)) }] },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // The record's field labels and coded values, in both languages, travel together: the record
    // page needs both, and as two chunks shared with other screens they cost it 260 bytes gzip more.
    // Shared chunks are named by their hash alone, screens keep their names: the entry lists every chunk
    // it may preload, and the shared chunks' names (cell-, style-, use-placeholder-...) cost the first screen
    // about 1 kB gzip of its 100 kB budget (issue 13).
    rolldownOptions: { output: { chunkFileNames: c => (c.name.endsWith('Page') ? 'assets/[name]-[hash].js' : 'assets/c-[hash].js'), codeSplitting: { groups: [{ name: 'recordWords', test: /shared[\\/]record(?:Fields|Values)\.ts/ }] } } },
  },
  // Vue's Options API is not used (every component is <script setup>, and Vant's use setup too):
  // leaving it out makes the first download smaller.
  define: { __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
  server: { proxy: { '/api': `http://localhost:${apiPort}` } },
  plugins: [
    vantIconFontWithoutCdn(),
    vue(),
    // The message files are compiled at build, so the app ships petite-vue-i18n's runtime only.
    VueI18nPlugin({ module: 'petite-vue-i18n', include: [fileURLToPath(new URL('./app/i18n/*.json', import.meta.url))], runtimeOnly: true, compositionOnly: true, fullInstall: false, dropMessageCompiler: true }),
    // Vant components and their styles are imported on demand.
    Components({ dts: false, resolvers: [VantResolver()] }),
    VitePWA({
      registerType: 'prompt',
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: '学籍通',
        short_name: '学籍通',
        description: '查学籍、改信息、办投诉',
        lang: 'zh-CN',
        theme_color: '#1565c0',
        background_color: '#f5f6f8',
        display: 'standalone',
        start_url: '/',
        scope: '/',
        id: '/',
        orientation: 'portrait',
        categories: ['education', 'government'],
        icons: [
          { src: 'pwa-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'pwa-512.png', sizes: '512x512', type: 'image/png' },
          // full-bleed, the cap inside the safe circle: Android may crop it to any shape
          { src: 'pwa-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        // API responses are never served from the app-shell fallback.
        navigateFallbackDenylist: [/^\/api\//],
        // Web Push: shows a notice and opens the app on a tap (public/push-sw.js).
        importScripts: ['/push-sw.js'],
      },
    }),
    // Brotli and gzip copies beside each file, served as they are (server/http/staticApp.ts).
    compression({ algorithms: ['brotliCompress', 'gzip'] }),
  ],
})
