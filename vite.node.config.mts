import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const __dirname = dirname(fileURLToPath(import.meta.url))

/**
 * Builds the programs that run on plain Node, without Electron — the cluster-desk CLI, the
 * watchdog every engine starts (the desktop app's too) and the benchmarks — as ES modules in
 * out/node. Dependencies stay in node_modules; only our
 * TypeScript is compiled.
 */
export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out/node',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: {
      input: {
        cli: resolve(__dirname, 'src/headless/cli/main.ts'),
        watchdog: resolve(__dirname, 'src/engine/supervisor/process/watchdog-program.ts'),
        'bench-run': resolve(__dirname, 'bench/run.ts'),
        'bench-flood-host': resolve(__dirname, 'bench/flood-host.ts'),
      },
      output: {
        format: 'es',
        entryFileNames: '[name].mjs',
        chunkFileNames: 'chunks/[name]-[hash].mjs',
      },
    },
  },
})
