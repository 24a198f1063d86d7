import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  // Vue leaves <ready-check> to the browser: it is a custom element, not a Vue component.
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'ready-check' } } })],
  publicDir: '../public',
  optimizeDeps: { exclude: ['readycheck'] },
  build: { assetsInlineLimit: 0 },
});
