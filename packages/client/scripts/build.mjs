/* global process, console -- a Node script */
/**
 * Builds the published package into dist/: index.js (ESM) and index.d.ts, standing on their own.
 *
 * - index.js: esbuild bundles src/ with what it needs of @wirestream/contract (the zod schemas and the
 *   topic registry, from its TypeScript source through the `source` condition) and with kafkajs
 *   2.2.4, whose aborted-transaction filter (`src/consumer/filterAbortedMessages.js`) is replaced by
 *   the client's own (src/aborted-transactions.ts): kafkajs calls it inside the fetch, before any hook
 *   a consumer gets, so it cannot be fixed from outside. zod stays a dependency, so that the schemas
 *   the package exports work with the application's zod.
 * - index.d.ts: tsc emits the declarations of the client and of the contract (into
 *   node_modules/.cache), and rollup-plugin-dts bundles them into one file that imports nothing but
 *   zod and Node's types.
 *
 * The build fails if kafkajs' filter was not replaced, or if anything of the monorepo other than the
 * contract's source got into the bundle.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
// `--js-only --outdir DIR`: the bundle alone, elsewhere (what the integration tests run against).
const args = process.argv.slice(2);
const jsOnly = args.includes('--js-only');
const outdirAt = args.indexOf('--outdir');
const dist = outdirAt >= 0 ? args[outdirAt + 1] : join(root, 'dist');
const types = join(root, 'node_modules', '.cache', 'wirestream-client-types');
const kafkajsRoot = realpathSync(dirname(require.resolve('kafkajs/package.json')));
const kafkajsVersion = JSON.parse(readFileSync(join(kafkajsRoot, 'package.json'), 'utf8')).version;
// The contract's package.json is not exported; the workspace link is where it lives.
const contractRoot = realpathSync(join(root, 'node_modules', '@wirestream', 'contract'));
const ourFilter = join(root, 'src', 'aborted-transactions.ts');

rmSync(dist, { recursive: true, force: true });
if (!jsOnly) rmSync(types, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

let replaced = 0;
const replaceKafkajsFilter = {
  name: 'replace-kafkajs-aborted-transaction-filter',
  setup(build) {
    build.onResolve({ filter: /^\.\/filterAbortedMessages(\.js)?$/ }, (args) => {
      if (relative(kafkajsRoot, args.importer) !== join('src', 'consumer', 'batch.js')) return undefined;
      replaced += 1;
      return { path: 'kafkajs-filter-aborted-messages', namespace: 'wirestream-client' };
    });
    build.onLoad({ filter: /.*/, namespace: 'wirestream-client' }, () => ({
      contents: `module.exports = require(${JSON.stringify(ourFilter)}).kafkajsFilterAbortedMessages;`,
      resolveDir: root,
      loader: 'js',
    }));
  },
};

// The contract's modules only declare schemas: what the client does not use can be left out.
const contractWithoutSideEffects = {
  name: 'contract-without-side-effects',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/.*\.js$/ }, async (args) => {
      if (!args.importer.startsWith(join(contractRoot, 'src')) || args.pluginData === 'resolving')
        return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      return resolved.errors.length > 0 ? undefined : { path: resolved.path, sideEffects: false };
    });
  },
};

const result = await esbuild.build({
  entryPoints: [join(root, 'src', 'index.ts')],
  outfile: join(dist, 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['source'],
  external: ['zod'],
  // kafkajs is CommonJS and requires Node's modules; an ES module has no `require` of its own.
  banner: {
    js: "import { createRequire as __wsCreateRequire } from 'node:module';\nconst require = __wsCreateRequire(import.meta.url);",
  },
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
  plugins: [replaceKafkajsFilter, contractWithoutSideEffects],
});

// Module names in the bundle are paths into pnpm's store (with the workspace's patch hash in them,
// although the one file the patch touches is the one replaced): name the package instead.
const code = readFileSync(join(dist, 'index.js'), 'utf8').replace(
  /(?:\.\.\/)+node_modules\/\.pnpm\/[^/]+\/node_modules\/kafkajs\//g,
  'kafkajs/',
);
writeFileSync(join(dist, 'index.js'), code);
if (code.includes('wirestream patch')) throw new Error('the bundle holds patched kafkajs code');
if (replaced !== 1)
  throw new Error(`kafkajs' filterAbortedMessages was replaced ${replaced} times, not once`);
const inputs = Object.keys(result.metafile.inputs).map((p) => join(process.cwd(), p));
const stray = inputs.filter(
  (p) =>
    !p.startsWith(join(root, 'src')) &&
    !p.startsWith(join(contractRoot, 'src')) &&
    !p.startsWith(kafkajsRoot) &&
    !p.includes('wirestream-client:'),
);
if (stray.length > 0) throw new Error(`unexpected modules in the bundle: ${stray.join(', ')}`);
if (inputs.some((p) => p.endsWith(join('consumer', 'filterAbortedMessages.js'))))
  throw new Error("kafkajs' own filterAbortedMessages.js got into the bundle");

// kafkajs is MIT-licensed: its notice travels with the code.
writeFileSync(
  join(dist, 'THIRD-PARTY-NOTICES.txt'),
  `dist/index.js contains kafkajs ${kafkajsVersion} (https://github.com/tulios/kafkajs), with its\n` +
    `src/consumer/filterAbortedMessages.js replaced by @wirestream/client's own filter. Its license:\n\n` +
    readFileSync(join(kafkajsRoot, 'LICENSE'), 'utf8'),
);

if (jsOnly) {
  console.log(
    `@wirestream/client: ${join(dist, 'index.js')} (kafkajs ${kafkajsVersion} with the client's filter)`,
  );
  process.exit(0);
}

// Declarations: the client's and the contract's, from tsc, then one bundled file.
const tsc = require.resolve('typescript/bin/tsc');
const declarations = (project, outDir) =>
  execFileSync(
    process.execPath,
    [
      tsc,
      '-p',
      project,
      '--emitDeclarationOnly',
      '--declaration',
      '--declarationMap',
      'false',
      '--composite',
      'false',
      '--outDir',
      outDir,
      '--rootDir',
      join(dirname(project), 'src'),
      '--tsBuildInfoFile',
      join(outDir, '.tsbuildinfo'),
    ],
    { stdio: 'inherit' },
  );
declarations(join(root, 'tsconfig.json'), join(types, 'client'));
declarations(join(contractRoot, 'tsconfig.json'), join(types, 'contract'));

const bundle = await rollup({
  input: join(types, 'client', 'index.d.ts'),
  external: (id) => id === 'zod' || id.startsWith('zod/') || id.startsWith('node:'),
  plugins: [
    dts({
      respectExternal: true,
      compilerOptions: {
        baseUrl: root,
        customConditions: [],
        paths: { '@wirestream/contract': [join(types, 'contract', 'index.d.ts')] },
      },
    }),
  ],
  onwarn: (warning) => {
    throw new Error(`rollup: ${warning.message}`);
  },
});
await bundle.write({ file: join(dist, 'index.d.ts'), format: 'es' });
await bundle.close();

const declared = readFileSync(join(dist, 'index.d.ts'), 'utf8');
const imports = [...declared.matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
const foreign = imports.filter((s) => s !== 'zod' && !s.startsWith('node:'));
if (foreign.length > 0) throw new Error(`dist/index.d.ts imports ${foreign.join(', ')}`);
rmSync(types, { recursive: true, force: true });
console.log(
  `@wirestream/client: dist/index.js ${(readFileSync(join(dist, 'index.js')).length / 1024).toFixed(0)} KiB, ` +
    `dist/index.d.ts ${(declared.length / 1024).toFixed(0)} KiB (kafkajs ${kafkajsVersion} with the client's filter)`,
);
