import type { WirestreamConfig } from '@wirestream/contract';
import { importPaths } from '@wirestream/replay';
import { runJobCommand, type JobModeOptions } from './replay.js';

export interface ImportCommandOptions extends JobModeOptions {
  feedId?: string;
  agency?: string;
}

/** `wirestream import <files or folders…>`: saved feed files and JSON Lines of articles. */
export async function importCommand(
  config: WirestreamConfig,
  paths: string[],
  options: ImportCommandOptions,
): Promise<number> {
  return runJobCommand(config, options, (services, jobOptions) =>
    importPaths(services, {
      ...jobOptions,
      paths,
      ...(options.feedId ? { feedId: options.feedId } : {}),
      ...(options.agency ? { agency: options.agency } : {}),
    }),
  );
}
