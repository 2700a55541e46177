/// <reference types="node" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
/** The API server the dev server proxies to; `HAITANG_API` overrides it. */
const apiTarget = process.env.HAITANG_API ?? 'http://localhost:3000';
const proxied = { target: apiTarget, changeOrigin: false };

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': proxied,
      '/openapi.json': proxied,
      '/docs': proxied,
    },
  },
  preview: {
    proxy: {
      '/api': proxied,
      '/openapi.json': proxied,
      '/docs': proxied,
    },
  },
});
