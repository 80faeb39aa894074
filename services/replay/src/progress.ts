import { SingleBar } from 'cli-progress';
import type { JobCounts, JobKind } from './summary.js';

export interface ProgressSnapshot {
  done: number;
  /** Records expected in all, when known. */
  total: number | null;
  counts: JobCounts;
}

/** Where a job reports how far it is. */
export interface ProgressReporter {
  update(snapshot: ProgressSnapshot): void;
  stop(snapshot: ProgressSnapshot): void;
}

export const silentProgress: ProgressReporter = { update: () => undefined, stop: () => undefined };

/** Records per second over the run so far, and the seconds left at that rate (null when unknown). */
export function rateAndEta(
  done: number,
  total: number | null,
  elapsedMs: number,
): { ratePerSecond: number; etaSeconds: number | null } {
  const ratePerSecond = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const etaSeconds =
    total === null || ratePerSecond === 0 ? null : Math.max(0, Math.round((total - done) / ratePerSecond));
  return { ratePerSecond: Math.round(ratePerSecond * 10) / 10, etaSeconds };
}

const recordsPerSecond = (records: number, elapsedMs: number): number =>
  elapsedMs > 0 ? Math.round((records * 10_000) / elapsedMs) / 10 : 0;

export interface ReporterOptions {
  job: string;
  kind: JobKind;
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /** A bar on a terminal, JSON lines otherwise; default: whether the stream is a terminal. */
  tty?: boolean;
  /** JSON lines at most this often; default 2 s. */
  intervalMs?: number;
  now?: () => number;
}

/**
 * A progress bar with rate and ETA on a terminal; elsewhere (logs, CI, pipes) one JSON line per
 * interval: `{"type":"progress","job",…,"done","total","ratePerSecond","etaSeconds","recordsPerSecond","counts"}`.
 * `done` and `total` count the job's units (records, pages or files); the rate of records read is separate.
 */
export function createProgressReporter(options: ReporterOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const started = now();
  if (options.tty ?? Boolean(options.stream.isTTY)) {
    const counts =
      'new {new} updated {updated} reissued {reissued} unchanged {unchanged} failed {failed} skipped {skipped}';
    let bar: SingleBar | null = null;
    const payload = (s: ProgressSnapshot) => ({
      kind: options.kind,
      rate: recordsPerSecond(s.counts.read, now() - started),
      ...s.counts,
    });
    return {
      update(s) {
        const total = Math.max(s.total ?? s.done, s.done, 1);
        if (!bar) {
          // Without a known total (a backfill without --pages) a bar and an ETA would only pretend.
          bar = new SingleBar({
            stream: options.stream as NodeJS.WriteStream,
            format:
              s.total === null
                ? `{kind} | {value} done | {read} read, {rate} records/s | ${counts}`
                : `{kind} |{bar}| {percentage}% {value}/{total} | {rate} records/s | ETA {eta_formatted} | ${counts}`,
            hideCursor: true,
            etaBuffer: 50,
          });
          bar.start(total, s.done, payload(s));
        }
        bar.setTotal(total);
        bar.update(s.done, payload(s));
      },
      stop(s) {
        if (bar) {
          bar.update(s.done, payload(s));
          bar.stop();
        }
      },
    };
  }
  const interval = options.intervalMs ?? 2000;
  let lastLine = Number.NEGATIVE_INFINITY;
  const line = (s: ProgressSnapshot, final: boolean): void => {
    const elapsed = now() - started;
    options.stream.write(
      `${JSON.stringify({
        type: 'progress',
        job: options.job,
        kind: options.kind,
        final,
        done: s.done,
        total: s.total,
        ...rateAndEta(s.done, s.total, elapsed),
        recordsPerSecond: recordsPerSecond(s.counts.read, elapsed),
        elapsedSeconds: Math.round(elapsed / 100) / 10,
        counts: s.counts,
      })}\n`,
    );
  };
  return {
    update(s) {
      if (now() - lastLine < interval) return;
      lastLine = now();
      line(s, false);
    },
    stop(s) {
      line(s, true);
    },
  };
}
