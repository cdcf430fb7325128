import { cpSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

// The production server, compiled ahead of time (`npm run build`): server/main.ts and everything it
// imports from server/ and shared/ into one ES module, dist-server/main.js; packages stay in
// node_modules. design: not under dist/, which the app build empties and the server serves to anyone.
// The migrations are copied next to it (server/db/client.ts finds them beside the module).
export default defineConfig({
  publicDir: false,
  build: {
    ssr: fileURLToPath(new URL('./server/main.ts', import.meta.url)),
    outDir: fileURLToPath(new URL('./dist-server', import.meta.url)),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    copyPublicDir: false,
  },
  plugins: [{
    name: 'copy-migrations',
    writeBundle: () => cpSync(fileURLToPath(new URL('./server/db/migrations', import.meta.url)), fileURLToPath(new URL('./dist-server/migrations', import.meta.url)), { recursive: true }),
  }],
})
