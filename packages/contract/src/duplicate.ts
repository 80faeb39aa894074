import { z } from 'zod';
import { ArticleRecord, DedupeReason, DedupeStatus } from './article.js';
import { UtcInstant } from './common.js';

export const DuplicateRecord = z
  .object({
    schemaVersion: z.literal(1),
    id: z.string().describe('Article id of this copy'),
    duplicateOf: z
      .string()
      .describe('Article id of the first copy (for status "same-story": of the story\'s first report)'),
    storyId: z.string(),
    status: DedupeStatus.exclude(['unique']),
    reason: DedupeReason,
    similarity: z.number().min(0).max(1).nullable(),
    occurrence: z
      .object({ feedId: z.string(), itemKey: z.string().nullable(), url: z.string() })
      .describe(
        'Where this copy was seen; for a same-url copy, id equals duplicateOf and this tells them apart',
      ),
    detectedAt: UtcInstant,
    article: ArticleRecord.describe('The copy, enriched like any article'),
  })
  .meta({
    id: 'news.duplicates.v1',
    title: 'Duplicate article',
    description:
      'A copy of an article already published; with status "same-story", a report of the same event in another language, which is also published on news.articles.v1',
  });
export type DuplicateRecord = z.infer<typeof DuplicateRecord>;
