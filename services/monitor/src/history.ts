import type { OffsetSample } from './lag.js';

/**
 * Time series kept in memory for the last `maxAgeMs`: high watermarks (for seconds behind and
 * throughput), committed positions (consume rate) and lag totals (the status page chart).
 * A restart loses it; Prometheus keeps the long history.
 */
export class SampleHistory {
  private readonly series = new Map<string, OffsetSample[]>();

  constructor(readonly maxAgeMs = 3_600_000) {}

  add(key: string, at: number, end: number): void {
    let samples = this.series.get(key);
    if (!samples) this.series.set(key, (samples = []));
    samples.push({ at, end });
    const cutoff = at - this.maxAgeMs;
    let drop = 0;
    while (drop < samples.length - 1 && samples[drop]!.at < cutoff) drop++;
    if (drop > 0) samples.splice(0, drop);
  }

  get(key: string): readonly OffsetSample[] {
    return this.series.get(key) ?? [];
  }

  /** Every series whose key starts with `prefix`, keyed by the rest of the key. */
  withPrefix(prefix: string): Record<string, readonly OffsetSample[]> {
    const out: Record<string, readonly OffsetSample[]> = {};
    for (const [key, samples] of this.series)
      if (key.startsWith(prefix)) out[key.slice(prefix.length)] = samples;
    return out;
  }
}
