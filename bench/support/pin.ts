import { spawnSync } from 'node:child_process';

/**
 * "On one core" means one core: re-run this very process under `taskset -c 0` (once; the child
 * knows by an environment flag) and exit with its status. Does nothing when asked not to, or
 * where taskset is missing.
 */
export function pinToOneCore(skip: boolean): void {
  if (skip || process.env['WS_BENCH_PINNED'] || spawnSync('taskset', ['-V']).status !== 0) return;
  const run = spawnSync(
    'taskset',
    ['-c', '0', process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
      env: { ...process.env, WS_BENCH_PINNED: '1' },
    },
  );
  process.exit(run.status ?? 1);
}
