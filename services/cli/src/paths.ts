import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root when the CLI runs from a checkout (src/ or dist/), else null (installed package). */
export function repoRoot(): string | null {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  return existsSync(`${root}pnpm-workspace.yaml`) ? root : null;
}
