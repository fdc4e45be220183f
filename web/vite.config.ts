// The workspace's build: web/src → web/dist, served by the API process at `/` (api/web.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { apiSchemaPlugin } from './apiSchemaPlugin.ts';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [apiSchemaPlugin(path.join(root, '..', 'generated', 'openapi.json'))],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
    rolldownOptions: {
      // antd marks its modules "use client" for server rendering; a browser bundle ignores it.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    // `npx vite web` for development: the API runs on its own port (npm start).
    proxy: { '/api': 'http://127.0.0.1:3000', '/openapi.json': 'http://127.0.0.1:3000' },
  },
});
