/**
 * Per-host politeness for feed fetches, shared by the fetcher and replay's backfill (part of the
 * runtime's feed I/O, @wirestream/runtime/feeds; moved here from the fetcher).
 */
import pLimit from 'p-limit';

type Limit = ReturnType<typeof pLimit>;

const hostOf = (url: string): string => {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
};

/**
 * Politeness: at most `perHost` tasks in flight per host. Queues for idle hosts are dropped, so a
 * long-running fetcher does not keep one limiter for every host it ever saw.
 */
export class HostGate {
  private readonly limits = new Map<string, Limit>();

  constructor(private readonly perHost: number) {}

  async run<T>(url: string, task: () => Promise<T>): Promise<T> {
    const host = hostOf(url);
    let limit = this.limits.get(host);
    if (!limit) {
      limit = pLimit(this.perHost);
      this.limits.set(host, limit);
    }
    try {
      return await limit(task);
    } finally {
      if (limit.activeCount === 0 && limit.pendingCount === 0) this.limits.delete(host);
    }
  }

  /** Hosts with tasks queued or running (for tests and metrics). */
  get hosts(): number {
    return this.limits.size;
  }
}
