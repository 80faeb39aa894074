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

/**
 * The Kafka client behind one interface: kafkajs is imported only by the runtime Kafka module's
 * adapter, so another client can be tried by writing one module. Everyone else (workers, tools,
 * tests, benchmarks) uses the interface: KafkaGateway, createKafkaClient and the types of
 * @wirestream/runtime.
 */
const KAFKAJS_ADAPTER = ['services/runtime/src/kafka/kafkajs.ts', 'services/runtime/src/kafka/kafkajs-*.ts'];
const KAFKAJS_WHY =
  'kafkajs is imported only by the Kafka adapter (services/runtime/src/kafka/kafkajs.ts): use the client interface of @wirestream/runtime (KafkaGateway, createKafkaClient)';

/**
 * The restricted-import rules of one group of files: imports of the services in `names` (with `why`)
 * and, unless `kafkajs` is false, of kafkajs. One function builds both rules for every group, because
 * a later config entry for the same rule replaces an earlier one for the files both match.
 */
const restricted = ({ names = [], why = '', kafkajs = true }) => {
  const syntax = [];
  const patterns = [];
  if (names.length > 0) {
    // Dynamic import() too: the CLI loads workers that way, and nobody else may.
    syntax.push({
      selector: `ImportExpression[source.value=/^@wirestream.(${names.join('|')})(.|$)/]`,
      message: why,
    });
    patterns.push(
      { regex: `^@wirestream/(${names.join('|')})(/.*)?$`, message: why },
      { regex: `^(\\.\\./)+(.*/)?(services/)?(${names.join('|')})/src(/.*)?$`, message: why },
    );
  }
  if (kafkajs) {
    syntax.push(
      { selector: 'ImportExpression[source.value=/^kafkajs(\\/|$)/]', message: KAFKAJS_WHY },
      {
        selector: "CallExpression[callee.name='require'][arguments.0.value=/^kafkajs(\\/|$)/]",
        message: KAFKAJS_WHY,
      },
    );
    patterns.push({ regex: '^kafkajs(/.*)?$', message: KAFKAJS_WHY });
  }
  return {
    'no-restricted-syntax': ['error', ...syntax],
    'no-restricted-imports': ['error', { patterns }],
  };
};

const RUNTIME_WHY = 'the runtime is the base every service imports: it imports no service';
const PACKAGES_WHY = 'packages are the pure core: they import packages only, never a service or the runtime';

const layering = [
  // Everything not named below (tests, benchmarks, evals, scripts, the CLI): kafkajs only.
  { files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'], rules: restricted({}) },
  ...SERVICES.filter((name) => name !== 'cli').map((name) => ({
    files: [`services/${name}/**/*.ts`],
    rules: restricted({
      names: SERVICES.filter((other) => other !== name),
      why: `services import packages and @wirestream/runtime, never another service (only the CLI assembles them): move what ${name} shares with it into a package or the runtime`,
    }),
  })),
  { files: ['services/runtime/**/*.ts'], rules: restricted({ names: SERVICES, why: RUNTIME_WHY }) },
  {
    files: ['packages/**/*.ts'],
    rules: restricted({ names: [...SERVICES, 'runtime'], why: PACKAGES_WHY }),
  },
  // @wirestream/client is published on its own and bundles its own kafkajs (with its own
  // aborted-transaction filter, packages/client/scripts/build.mjs): it cannot use the runtime's interface.
  {
    files: ['packages/client/src/**/*.ts'],
    rules: restricted({ names: [...SERVICES, 'runtime'], why: PACKAGES_WHY, kafkajs: false }),
  },
  // Last, so it replaces the runtime's entry for these files: the adapter may import kafkajs.
  { files: KAFKAJS_ADAPTER, rules: restricted({ names: SERVICES, why: RUNTIME_WHY, kafkajs: false }) },
];

/**
 * Small units: no function over 80 lines (blank lines and comments not counted) in the code of
 * services, packages, evals and benchmarks. One that stays longer says why, on the line above it:
 * `// eslint-disable-next-line max-lines-per-function -- <reason>`. Tests are exempt (a describe
 * block is a list of cases).
 */
const functionLength = {
  files: ['services/**/*.ts', 'packages/**/*.ts', 'eval/**/*.ts', 'bench/**/*.ts'],
  ignores: ['**/*.test.ts', '**/test/**'],
  rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
};

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
  functionLength,
);
