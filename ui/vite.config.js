// Vite builds the UI into target/classes/capstan-ui, which Maven packages as classpath resources
// of the capstan-ui jar; the server's UiRoutes serves them at /.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'target/classes/capstan-ui',
    emptyOutDir: true,
    assetsDir: 'assets',
    // the server's CSP forbids inline scripts and data: scripts; keep every asset a file
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    // `npm run dev` against a running `capstan server`
    proxy: {
      '/ajax-api': 'http://127.0.0.1:5000',
      '/api': 'http://127.0.0.1:5000',
      '/get-artifact': 'http://127.0.0.1:5000',
    },
  },
});
