import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources of the workspace packages, never against stale builds.
const root = fileURLToPath(new URL('.', import.meta.url));
const alias = ['packages', 'services'].flatMap((group) =>
  readdirSync(`${root}${group}`)
    .filter((dir) => existsSync(`${root}${group}/${dir}/src/index.ts`))
    .map((dir) => ({ find: `@wirestream/${dir}`, replacement: `${root}${group}/${dir}/src/index.ts` })),
);

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/harness/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Integration files share one broker on a 2-core machine: run them one after another.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
