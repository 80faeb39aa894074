/**
 * Per-host politeness, shared by the fetcher's feed polls and page fetches and by replay's backfill
 * (part of the runtime's feed I/O, @wirestream/runtime/feeds): how many requests a host gets at
 * once, how long it rests between them, and when it asked us (Retry-After) to stay away.
 */
import pLimit from 'p-limit';
import { sleep } from '../sleep.js';

type Limit = ReturnType<typeof pLimit>;

const hostOf = (url: string): string => {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
};

export interface GateOptions {
  /**
   * Least time between the starts of two tasks on the host (a rate limit, a robots.txt
   * Crawl-delay). Starts, not ends: a slow answer does not hold up the host's other slots.
   */
  gapMs?: number;
  /**
   * Epoch ms by which the task must have started. A task that could not (queued behind others,
   * the host resting or paused past it) is refused with HostGateRefusal instead of waiting on.
   */
  deadline?: number;
}

/** Why the gate would not start a task before its deadline, and when the host would have been free. */
export class HostGateRefusal extends Error {
  override readonly name = 'HostGateRefusal';
  constructor(
    /** paused: the host asked us to wait (Retry-After); resting: the gap after the last start; queued: other tasks first. */
    readonly why: 'paused' | 'resting' | 'queued',
    readonly host: string,
    /** Epoch ms at which the host would have been free (queued: the deadline itself). */
    readonly freeAt: number,
  ) {
    super(`${host} ${why} until ${new Date(freeAt).toISOString()}`);
  }
}

interface HostEntry {
  limit: Limit;
  /** No task starts before this: the last start plus its gap. */
  nextStartAt: number;
  /** No task starts before this either: what a 429/503 Retry-After asked for. */
  pausedUntil: number;
}

/** Idle hosts are swept once the map grows past this (and past twice what the last sweep kept). */
const SWEEP_AT = 1024;

/**
 * Politeness: at most `perHost` tasks in flight per host, their starts a gap apart when asked for,
 * and pauses a host asked for. Hosts with nothing running, queued, resting or paused are dropped, so a
 * long-running fetcher does not keep an entry for every host it ever saw.
 */
export class HostGate {
  private readonly entries = new Map<string, HostEntry>();
  private sweepAt = SWEEP_AT;

  constructor(private readonly perHost: number) {}

  async run<T>(url: string, task: () => Promise<T>, options: GateOptions = {}): Promise<T> {
    const host = hostOf(url);
    const entry = this.entry(host);
    try {
      return await entry.limit(async () => {
        await this.waitTurn(host, entry, options);
        return task();
      });
    } finally {
      this.dropIfIdle(host, entry);
    }
  }

  /** The host asked us to stay away until `until` (epoch ms): no task of it starts before then. */
  pause(url: string, until: number): void {
    const host = hostOf(url);
    const entry = this.entry(host);
    entry.pausedUntil = Math.max(entry.pausedUntil, until);
  }

  /** Epoch ms until which the host is paused, or null when it is not. */
  pausedUntil(url: string): number | null {
    const until = this.entries.get(hostOf(url))?.pausedUntil ?? 0;
    return until > Date.now() ? until : null;
  }

  /** Hosts the gate holds state for: tasks queued or running, a gap or a pause running (for tests and metrics). */
  get hosts(): number {
    return this.entries.size;
  }

  private entry(host: string): HostEntry {
    let entry = this.entries.get(host);
    if (!entry) {
      if (this.entries.size >= this.sweepAt) this.sweep();
      entry = { limit: pLimit(this.perHost), nextStartAt: 0, pausedUntil: 0 };
      this.entries.set(host, entry);
    }
    return entry;
  }

  /** Waits for the task's start (its slot is held): after the host's pause and the gap since the last start. */
  private async waitTurn(
    host: string,
    entry: HostEntry,
    { gapMs = 0, deadline }: GateOptions,
  ): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (deadline !== undefined && now > deadline) throw new HostGateRefusal('queued', host, deadline);
      const startAt = Math.max(now, entry.nextStartAt, entry.pausedUntil);
      if (deadline !== undefined && startAt > deadline) {
        const paused = entry.pausedUntil >= entry.nextStartAt;
        throw new HostGateRefusal(paused ? 'paused' : 'resting', host, startAt);
      }
      // Reserved before sleeping, so the task of the next free slot lines up behind this one.
      entry.nextStartAt = startAt + gapMs;
      if (startAt <= now) return;
      await sleep(startAt - now);
      // A pause set meanwhile (another task's 429) holds this one back too: look again.
      if (entry.pausedUntil <= Date.now()) return;
    }
  }

  private idle(entry: HostEntry, now: number): boolean {
    return (
      entry.limit.activeCount === 0 &&
      entry.limit.pendingCount === 0 &&
      entry.nextStartAt <= now &&
      entry.pausedUntil <= now
    );
  }

  private dropIfIdle(host: string, entry: HostEntry): void {
    if (this.idle(entry, Date.now()) && this.entries.get(host) === entry) this.entries.delete(host);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [host, entry] of this.entries) if (this.idle(entry, now)) this.entries.delete(host);
    this.sweepAt = Math.max(SWEEP_AT, 2 * this.entries.size);
  }
}
