import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  // The service worker (../public/sw.js) is served from the site's root.
  publicDir: '../public',
  // The element finds its wasm, stylesheet and templates by `new URL('./…', import.meta.url)`:
  // `vite build` emits each once; for `vite dev`, keep the package out of the dependency
  // pre-bundling, which would move the module away from its files.
  optimizeDeps: { exclude: ['readycheck'] },
  // Templates are fetched: a small one inlined as a data: URL would need `connect-src data:`
  // under the strict CSP, so nothing is inlined.
  build: { assetsInlineLimit: 0 },
});
