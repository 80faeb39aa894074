import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * One direction of travel: packages/* are pure and import only packages; services import packages
 * and the runtime (services/runtime, the shell every service shares), never another service. The CLI,
 * which assembles the workers, is the one service that imports the others. What two services share
 * moves down into a package or the runtime. Checked on every import and re-export, by package name
 * and by relative path.
 */
const SERVICES = ['cli', 'enricher', 'fetcher', 'monitor', 'replay'];

const forbidden = (names, why) => ({
  // Dynamic import() too: the CLI loads workers that way, and nobody else may.
  'no-restricted-syntax': [
    'error',
    { selector: `ImportExpression[source.value=/^@wirestream.(${names.join('|')})(.|$)/]`, message: why },
  ],
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          regex: `^@wirestream/(${names.join('|')})(/.*)?$`,
          message: why,
        },
        {
          regex: `^(\\.\\./)+(.*/)?(services/)?(${names.join('|')})/src(/.*)?$`,
          message: why,
        },
      ],
    },
  ],
});

const layering = [
  ...SERVICES.filter((name) => name !== 'cli').map((name) => ({
    files: [`services/${name}/**/*.ts`],
    rules: forbidden(
      SERVICES.filter((other) => other !== name),
      `services import packages and @wirestream/runtime, never another service (only the CLI assembles them): move what ${name} shares with it into a package or the runtime`,
    ),
  })),
  {
    files: ['services/runtime/**/*.ts'],
    rules: forbidden(SERVICES, 'the runtime is the base every service imports: it imports no service'),
  },
  {
    files: ['packages/**/*.ts'],
    rules: forbidden(
      [...SERVICES, 'runtime'],
      'packages are the pure core: they import packages only, never a service or the runtime',
    ),
  },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'packages/contract/json-schema/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...layering,
);
