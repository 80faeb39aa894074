import { z } from 'zod';

/**
 * Kafka record headers, as documented in the AsyncAPI contract (values are UTF-8 strings). Open:
 * readers ignore headers they do not know, so a new header is an additive change.
 */
export const RecordHeaders = z
  .looseObject({
    'content-type': z.literal('application/json'),
    'ws-schema': z
      .string()
      .describe(
        'The topic registry name of the topic the record was written to, without the deployment prefix',
      ),
  })
  .meta({ id: 'headers', title: 'Record headers', description: 'Headers on every record' });

/** What replay, backfill and import jobs add to what they publish. */
const replayHeaders = {
  'ws-replay': z.string().optional().describe('The replay, backfill or import job that published the record'),
  'ws-replay-kind': z
    .enum(['replay-items', 'replay-feeds', 'backfill', 'import'])
    .optional()
    .describe('The kind of that job'),
  'ws-revision-reason': z
    .enum(['content-changed', 'tags-changed', 'reissue'])
    .optional()
    .describe('A replay job: why an article was published again (as revisionReason)'),
};

/** Headers on the enricher's output: articles, their streams, the ninjs projection, duplicates. */
export const EnrichedHeaders = RecordHeaders.extend({
  'ws-revision': z
    .string()
    .regex(/^[1-9][0-9]*$/)
    .describe('The article revision, as in the record'),
  'ws-decision': z
    .enum(['new', 'update', 'redelivery', 'copy'])
    .describe(
      '"new": first publication; "update": a new revision; "redelivery": published again after a crash with the same revision (consumers keyed on id and revision see no change); "copy": a duplicate',
    ),
  ...replayHeaders,
}).meta({
  id: 'headers.enriched',
  title: 'Enriched record headers',
  description: 'Headers on the enricher output, and on what replay jobs publish there',
});
