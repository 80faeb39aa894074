import { z } from 'zod';

export const FeedSource = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" and "-"')
    .describe('Stable feed id'),
  url: z.url({ protocol: /^https?$/ }),
  agency: z.string().min(1).describe('Agency or outlet that publishes the feed'),
  name: z.string().min(1).optional().describe('Display name; defaults to the agency'),
  language: z.string().min(2).max(8).optional().describe('Language hint; checked against detection'),
  intervalSeconds: z.number().int().positive().default(300),
});
export type FeedSource = z.infer<typeof FeedSource>;

export const FeedList = z
  .object({ feeds: z.array(FeedSource) })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.feeds.forEach((feed, i) => {
      if (seen.has(feed.id))
        ctx.addIssue({ code: 'custom', path: ['feeds', i, 'id'], message: `duplicate feed id ${feed.id}` });
      seen.add(feed.id);
    });
  })
  .meta({ id: 'feed-list', title: 'Feed list', description: 'The feeds a fetcher polls (YAML)' });
export type FeedList = z.infer<typeof FeedList>;
