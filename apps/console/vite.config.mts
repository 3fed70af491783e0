import { defineConfig } from 'vite';
import { dirname, resolve } from 'path';
import { fileURLToPath } from 'url';

const here = dirname(fileURLToPath(import.meta.url));

const libs = resolve(here, '../../libs');
export default defineConfig({
  root: here,
  build: { outDir: resolve(here, 'dist'), emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  resolve: {
    alias: {
      '@gan119/geo': `${libs}/geo/src/index.ts`,
      '@gan119/resources': `${libs}/resources/src/index.ts`,
      '@gan119/dispatch': `${libs}/dispatch/src/index.ts`,
      '@gan119/iot': `${libs}/iot/src/index.ts`,
      '@gan119/interop': `${libs}/interop/src/index.ts`,
    },
  },
  server: { port: 4119, proxy: { '/api': 'http://127.0.0.1:8119', '/socket.io': { target: 'ws://127.0.0.1:8119', ws: true } } },
});
