import { z } from 'zod';
import { UtcInstant } from './common.js';

export const FailureStage = z.enum(['fetch', 'parse', 'decode', 'validate', 'enrich', 'publish']);
export type FailureStage = z.infer<typeof FailureStage>;

export const DeadLetterRecord = z
  .object({
    schemaVersion: z.literal(1),
    stage: FailureStage,
    error: z.object({ name: z.string(), message: z.string() }),
    source: z.object({
      topic: z.string().nullable(),
      partition: z.number().int().nullable(),
      offset: z.string().nullable(),
      key: z.string().nullable(),
      feedId: z.string().nullable(),
      url: z.string().nullable(),
    }),
    payload: z.string().describe('The original payload, as UTF-8 text or base64'),
    payloadEncoding: z.enum(['utf8', 'base64']),
    payloadTruncated: z.boolean(),
    failedAt: UtcInstant,
  })
  .meta({
    id: 'news.dlq.v1',
    title: 'Dead letter',
    description: 'A record or document that failed, with why and where',
  });
export type DeadLetterRecord = z.infer<typeof DeadLetterRecord>;
