import { z } from 'zod';

/** When the fetcher fetches the article page an item links to. */
export const FullTextPolicy = z.enum(['never', 'auto', 'always']);
export type FullTextPolicy = z.infer<typeof FullTextPolicy>;

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
  allowPrivateNetwork: z
    .boolean()
    .optional()
    .describe(
      'Let this feed be fetched from a private, loopback or link-local address (an intranet or local feed). Redirects to another host are still checked; cloud metadata addresses are always refused. Off when left out',
    ),
  // Optional rather than defaulted, so code that builds a FeedSource need not name it: left out means "auto".
  fullText: FullTextPolicy.optional().describe(
    'Fetch the page each item links to: "never"; "auto" (when left out) when the feed\'s text is short or looks like a teaser; "always"',
  ),
  ignoreRobots: z
    .boolean()
    .optional()
    .describe(
      "Fetch this feed's article pages even where robots.txt disallows it (licensed sources). Off when left out",
    ),
});
export type FeedSource = z.infer<typeof FeedSource>;

/** A feed list entry: the id may be left out, and is then derived from the URL by the loader. */
export const FeedListEntry = FeedSource.extend({
  id: FeedSource.shape.id.optional().describe('Stable feed id; derived from the URL when left out'),
});
export type FeedListEntry = z.infer<typeof FeedListEntry>;

export const FeedList = z
  .object({ feeds: z.array(FeedListEntry) })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.feeds.forEach((feed, i) => {
      if (feed.id === undefined) return;
      if (seen.has(feed.id))
        ctx.addIssue({ code: 'custom', path: ['feeds', i, 'id'], message: `duplicate feed id ${feed.id}` });
      seen.add(feed.id);
    });
  })
  .meta({
    id: 'feed-list',
    title: 'Feed list',
    description: 'The feeds a fetcher polls (YAML; OPML is read too)',
  });
export type FeedList = z.infer<typeof FeedList>;
