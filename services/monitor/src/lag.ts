/**
 * Offsets → lag. Pure: the shell reads offsets from the Kafka admin API and keeps the samples.
 */

export interface EndOffset {
  partition: number;
  /** High watermark: the offset the next appended record will get. */
  high: number;
  /** Log start: older records were deleted by retention. */
  low: number;
}

export interface CommittedOffset {
  partition: number;
  /** Next offset to read; negative (-1) when the group never committed on the partition. */
  offset: number;
}

/** One observation of a partition's high watermark. */
export interface OffsetSample {
  at: number;
  end: number;
}

export interface PartitionLagRecord {
  partition: number;
  committed: number | null;
  end: number;
  records: number;
}

/**
 * Records behind per partition. A partition without a commit counts from the log start, which is
 * where a new group with auto.offset.reset=earliest (the enricher's setting) would begin.
 */
export function partitionLag(
  ends: readonly EndOffset[],
  committed: readonly CommittedOffset[],
): PartitionLagRecord[] {
  const at = new Map(committed.map((c) => [c.partition, c.offset]));
  return [...ends]
    .sort((a, b) => a.partition - b.partition)
    .map((e) => {
      const c = at.get(e.partition);
      const has = c !== undefined && c >= 0;
      // A committed offset below the log start points at deleted records: only what is left is lag.
      const from = has ? Math.max(c, e.low) : e.low;
      return {
        partition: e.partition,
        committed: has ? c : null,
        end: e.high,
        records: Math.max(0, e.high - from),
      };
    });
}

/**
 * Seconds behind: the age of the oldest unconsumed record, estimated from the history of the
 * partition's high watermark instead of fetching that record (kafkajs has no single-record fetch
 * outside a consumer group, and joining a group every few seconds per partition is too heavy).
 *
 * The record at `committed` was appended after the last sample whose end was <= committed and at
 * or before the first sample whose end was > committed; we interpolate linearly between the two.
 * When the history does not reach back that far (the monitor started with the lag already there)
 * the answer is a lower bound: the age of the oldest sample.
 */
export function secondsBehind(
  history: readonly OffsetSample[],
  committed: number,
  end: number,
  now: number,
): number {
  if (end <= committed || history.length === 0) return 0;
  const firstAfter = history.findIndex((s) => s.end > committed);
  if (firstAfter <= 0) {
    const oldest = history[0]!;
    return Math.max(0, (now - oldest.at) / 1000);
  }
  const before = history[firstAfter - 1]!;
  const after = history[firstAfter]!;
  const fraction = (committed + 1 - before.end) / Math.max(1, after.end - before.end);
  const appendedAt = before.at + Math.min(1, Math.max(0, fraction)) * (after.at - before.at);
  return Math.max(0, (now - appendedAt) / 1000);
}

/** Per-second rate of a growing counter over the samples no older than windowMs; null if fewer than two. */
export function ratePerSecond(
  samples: readonly OffsetSample[],
  now: number,
  windowMs: number,
): number | null {
  const recent = samples.filter((s) => s.at >= now - windowMs);
  if (recent.length < 2) return null;
  const first = recent[0]!;
  const last = recent[recent.length - 1]!;
  if (last.at <= first.at) return null;
  // A counter that went down (topic recreated) has no meaningful rate for this window.
  return Math.max(0, (last.end - first.end) / ((last.at - first.at) / 1000));
}
