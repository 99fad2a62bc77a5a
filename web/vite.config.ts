/**
 * Vite configuration of the web app. Root is this folder; the build goes to web/dist, which the server
 * serves (src/web/webFeature.ts builds it at start-up when it is missing or older than its sources).
 * `npm run dev:web` serves it with hot reload and proxies /api (HTTP and WebSocket) to the server on :8001.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The web app's folder (the Vite root). */
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The pages behind the log-in are loaded lazily (App.tsx); what antd the log-in page needs is still one
    // large shared chunk (about 660 kB, 210 kB gzipped), cached for good thanks to the hashed file name.
    chunkSizeWarningLimit: 800,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:8001', ws: true, changeOrigin: true } },
  },
});
