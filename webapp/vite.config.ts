/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

declare const process: { env: Record<string, string | undefined> };

// The console is served by Junction's admin listener under /console/ (see ConsoleHandler).
// `npm run dev` proxies the API to a local Junction (JUNCTION_ADMIN, default 127.0.0.1:8081).
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': process.env.JUNCTION_ADMIN ?? 'http://127.0.0.1:8081',
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    // the machine is shared and small: generous limits instead of flaky ones
    testTimeout: 30_000,
  },
});
