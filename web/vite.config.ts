/// <reference types="vitest" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console is served by loudong itself at / (same origin as /api/v1).
// `npm run dev` proxies the API to a running server (LOUDONG_API, default :8080).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    // No inline scripts: the server's CSP is default-src 'self'.
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (id.includes('/echarts/') || id.includes('/zrender/')) return 'echarts';
          if (id.includes('/antd/') || id.includes('/rc-') || id.includes('/@rc-component/') || id.includes('/@ant-design/')) return 'antd';
          return 'vendor';
        },
      },
    },
  },
  server: {
    proxy: { '/api': process.env.LOUDONG_API ?? 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
    // jsdom renders antd forms at a few seconds per test when the machine
    // is also compiling (make test on 2 cores); vitest's 5 s default then
    // fails tests that are correct (seen in CI-like runs at load 14).
    testTimeout: 30000,
  },
});
