import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// No node: imports here: lint keeps renderer/ free of Node built-ins, and
// import.meta.dirname gives the folder without them.
const here = import.meta.dirname;

// The renderer is served from file:// in Electron and from the web host's root in a
// browser, so asset paths are relative. The CSP is strict (script-src 'self'): no inline
// scripts, so the module-preload polyfill is off.
export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${here}/../dist/renderer`,
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2500,
    sourcemap: true,
  },
  server: { port: 5173, strictPort: false },
});
