/**
 * A tagger that follows its taxonomy and gazetteer files, for long-running workers: the enricher and
 * replay jobs (the runtime's enrichment I/O, @wirestream/runtime/enrichment; moved here from the
 * enricher so that replay need not reach into it).
 */
import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_GAZETTEER_DIR,
  DEFAULT_TAXONOMY_PATH,
  GAZETTEER_FILES,
  loadTagger,
  type Tagger,
  type TaggingInput,
  type TaggingResult,
} from '@wirestream/tagging';

/** The two calls the reloader needs from a logger (pino's fit). */
export interface ReloadLogger {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface ReloadingTaggerOptions {
  taxonomyPath?: string;
  gazetteerDir?: string;
  /** How often the files' stat is polled; default 2 s. */
  intervalMs?: number;
  logger?: ReloadLogger;
  /** Builds a tagger from the files; tests and tools may replace it. Default: `loadTagger`. */
  load?: (paths: { taxonomyPath: string; gazetteerDir: string }) => Tagger;
}

/**
 * A tagger that follows its taxonomy and gazetteer files. The files are polled with `fs.watchFile`
 * rather than `fs.watch`: editors save by writing in place, by truncating first, or by renaming a
 * temporary file over the original, and inotify-style watches lose track of a renamed inode or fire
 * before the write is complete; a stat poll by path sees every variant. A change is parsed and
 * validated in full before the new tagger replaces the old one in a single assignment, so a tag
 * call sees either the old rules or the new ones, never a mix; a file that does not parse or
 * validate (including one caught half-written) leaves the old tagger in place and is logged, and
 * the next save is tried again. The first load is not forgiving: a worker must not start without rules.
 */
export class ReloadingTagger implements Tagger {
  private current: Tagger;
  private readonly paths: { taxonomyPath: string; gazetteerDir: string };
  private readonly watched: string[];
  private readonly load: (paths: { taxonomyPath: string; gazetteerDir: string }) => Tagger;
  private readonly logger: ReloadLogger | undefined;
  private readonly onChange = (curr: Stats, prev: Stats): void => {
    if (curr.mtimeMs === prev.mtimeMs && curr.size === prev.size && curr.ino === prev.ino) return;
    this.reload();
  };

  constructor(options: ReloadingTaggerOptions = {}) {
    this.paths = {
      taxonomyPath: options.taxonomyPath ?? DEFAULT_TAXONOMY_PATH,
      gazetteerDir: options.gazetteerDir ?? DEFAULT_GAZETTEER_DIR,
    };
    this.load = options.load ?? ((paths) => loadTagger(paths));
    this.logger = options.logger;
    this.current = this.load(this.paths);
    this.watched = [
      this.paths.taxonomyPath,
      ...GAZETTEER_FILES.map((name) => join(this.paths.gazetteerDir, name)),
    ];
    // Not persistent: the watch must not keep a worker alive after it has shut down.
    const interval = options.intervalMs ?? 2000;
    for (const file of this.watched) watchFile(file, { interval, persistent: false }, this.onChange);
  }

  get taxonomyVersion(): string {
    return this.current.taxonomyVersion;
  }

  tag(input: TaggingInput): TaggingResult {
    return this.current.tag(input);
  }

  explain(input: TaggingInput): ReturnType<Tagger['explain']> {
    return this.current.explain(input);
  }

  /**
   * Re-reads the files now; true when a tagger with a different version replaced the current one.
   * Called by the file poll; callable directly (after a deploy step, from a signal handler).
   */
  reload(): boolean {
    let next: Tagger;
    try {
      next = this.load(this.paths);
    } catch (error) {
      this.logger?.error(
        { err: error, taxonomyPath: this.paths.taxonomyPath, keptVersion: this.current.taxonomyVersion },
        'taxonomy reload failed; keeping the current rules',
      );
      return false;
    }
    if (next.taxonomyVersion === this.current.taxonomyVersion) return false;
    const previous = this.current.taxonomyVersion;
    this.current = next;
    this.logger?.info({ previous, taxonomyVersion: next.taxonomyVersion }, 'taxonomy reloaded');
    return true;
  }

  /** Stops polling the files. */
  close(): void {
    for (const file of this.watched) unwatchFile(file, this.onChange);
  }
}
