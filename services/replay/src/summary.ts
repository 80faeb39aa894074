export type JobKind = 'replay-items' | 'replay-feeds' | 'replay-pages' | 'backfill' | 'import';

/** What a job did with the records it read. */
export interface JobCounts {
  read: number;
  new: number;
  updated: number;
  /** Published again unchanged, on --reissue. */
  reissued: number;
  unchanged: number;
  failed: number;
  /** Left out by a filter (--feeds, --topics, --since) or outside the time range. */
  skipped: number;
}

export const emptyCounts = (): JobCounts => ({
  read: 0,
  new: 0,
  updated: 0,
  reissued: 0,
  unchanged: 0,
  failed: 0,
  skipped: 0,
});

export interface JobSummary extends JobCounts {
  job: string;
  kind: JobKind;
  mode: 'changes' | 'reissue';
  dryRun: boolean;
  /** The job continued from a checkpoint of an earlier, interrupted run. */
  resumed: boolean;
  /** Stopped before the end (signal); run the same command again to resume. */
  stopped: boolean;
  seconds: number;
}

/** One line for people; the JSON form is the summary object itself. */
export function formatSummary(s: JobSummary): string {
  const verb = s.dryRun ? 'would publish' : 'published';
  const status = s.stopped ? 'stopped (run the same command again to resume)' : 'done';
  return (
    `${s.kind} ${s.job}${s.dryRun ? ' (dry run)' : ''}${s.resumed ? ' (resumed)' : ''}: ${status} in ${s.seconds.toFixed(1)} s; ` +
    `read ${s.read}, ${verb} ${s.new} new, ${s.updated} updated and ${s.reissued} re-issued, ` +
    `${s.unchanged} unchanged, ${s.failed} failed, ${s.skipped} skipped`
  );
}
