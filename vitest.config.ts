import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources of the workspace packages, never against stale builds:
// every entry point a package exports under the "source" condition gets an exact-match alias.
const root = fileURLToPath(new URL('.', import.meta.url));
const alias = ['packages', 'services'].flatMap((group) =>
  readdirSync(`${root}${group}`)
    .filter((dir) => existsSync(`${root}${group}/${dir}/package.json`))
    .flatMap((dir) => {
      const pkg = JSON.parse(readFileSync(`${root}${group}/${dir}/package.json`, 'utf8')) as {
        name: string;
        exports?: Record<string, { source?: string }>;
      };
      return Object.entries(pkg.exports ?? {})
        .filter(([, target]) => target.source)
        .map(([subpath, target]) => ({
          find: new RegExp(`^${pkg.name}${subpath === '.' ? '' : subpath.slice(1)}$`),
          replacement: `${root}${group}/${dir}/${target.source!.slice(2)}`,
        }));
    }),
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
