import { createHash } from 'node:crypto';
import type { WirestreamConfig } from '@wirestream/contract';
import { redisKey, type Redis } from '@wirestream/runtime';
import type { PartitionRange } from './range-reader.js';
import type { JobKind } from './summary.js';

/** What a job keeps in Redis between runs: whether it finished, and where an interrupted run stopped. */
export interface JobState {
  status: 'running' | 'done';
  startedAt: string;
  updatedAt: string;
  /** Replays: the offset ranges fixed when the job began, so a resumed run ends where the first would have. */
  ranges?: PartitionRange[];
  /** Backfill and import: where to go on from. */
  cursor?: unknown;
}

/** A job's id from what defines it: running the same command again finds the same job and resumes it. */
export function jobIdFor(kind: JobKind, definition: unknown): string {
  return `${kind}-${createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 12)}`;
}

/** Finished or interrupted jobs are forgotten after this long. */
const KEEP_SECONDS = 30 * 86_400;

export class JobStore {
  constructor(
    private readonly redis: Redis,
    private readonly config: WirestreamConfig['redis'],
  ) {}

  private key(jobId: string): string {
    return redisKey(this.config, 'replay', 'job', jobId);
  }

  async get(jobId: string): Promise<JobState | null> {
    const text = await this.redis.get(this.key(jobId));
    return text ? (JSON.parse(text) as JobState) : null;
  }

  async put(jobId: string, state: Omit<JobState, 'updatedAt'>): Promise<void> {
    const value: JobState = { ...state, updatedAt: new Date().toISOString() };
    await this.redis.set(this.key(jobId), JSON.stringify(value), 'EX', KEEP_SECONDS);
  }
}
