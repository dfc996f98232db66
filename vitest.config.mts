import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Pure pieces, no build and no processes: seconds, and run first, so a broken rule
          // fails before any process is started.
          include: ['test/unit/**/*.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // The built bundles and the real cluster-desk binary, built when the sources changed.
          globalSetup: ['test/integration/build.ts'],
          // Real processes and real ports: give them room on a shared 2-core machine, and run
          // files in parallel only as far as that stays reliable.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'cleanup',
          // Last: every test removed what it made in the temporary folder.
          include: ['test/cleanup/*.test.ts'],
          globalSetup: ['test/cleanup/snapshot.ts'],
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
})
