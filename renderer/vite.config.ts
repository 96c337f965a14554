import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { STYLE_NONCE_PLACEHOLDER } from '../shared/web/csp.ts';

// No node: imports here: lint keeps renderer/ free of Node built-ins, and
// import.meta.dirname gives the folder without them.
const here = import.meta.dirname;

// The renderer is served from file:// in Electron and from the web host's root in a
// browser, so asset paths are relative. The CSP is strict (script-src 'self'): no inline
// scripts, so the module-preload polyfill is off. Style elements need the per-document nonce
// the host writes over the placeholder (shared/web/csp.ts); Vite adds it to its tags and a
// <meta property="csp-nonce"> from which the grid takes it.
export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  html: { cspNonce: STYLE_NONCE_PLACEHOLDER },
  build: {
    outDir: `${here}/../dist/renderer`,
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2500,
    sourcemap: true,
  },
  server: { port: 5173, strictPort: false },
});
