// Builds the renderer into app/dist/renderer, where both transports load it from
// (Electron's app:// protocol and the web host). Relative base so either origin works.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../app/dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Chromium supports modulepreload natively; the polyfill would be dead code.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
