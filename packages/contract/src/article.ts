import { z } from 'zod';
import { CountryCode, Evidence, UtcInstant } from './common.js';
import { PageStatus } from './raw-item.js';

export const TopicTag = z.object({
  slug: z.string(),
  iptc: z.string().nullable().describe('IPTC Media Topic code, e.g. medtop:20000642'),
  // No upper bound in the schema: records from before taxonomy 2026.12 carry a raw evidence sum
  // here (often above 1) and must still parse.
  score: z
    .number()
    .nonnegative()
    .describe(
      'Calibrated confidence (0-1) that the story is about this topic; each topic is given from its own threshold. Records tagged before taxonomy 2026.12 carry a raw evidence sum instead',
    ),
  evidence: z.array(Evidence).describe('The matches that decided it, with the sentences they stand in'),
});
export type TopicTag = z.infer<typeof TopicTag>;

export const SubjectTag = z.object({
  slug: z.string().describe('One of the 17 top-level IPTC Media Topics, e.g. "sport"'),
  iptc: z
    .string()
    .regex(/^medtop:\d{8}$/)
    .describe('IPTC Media Topic code, e.g. medtop:15000000'),
  score: z.number().min(0).max(1).describe("The subject's share of the article's subject evidence (0-1)"),
  evidence: z.array(Evidence),
});
export type SubjectTag = z.infer<typeof SubjectTag>;

export const CountryMention = z.object({
  code: CountryCode,
  name: z.string().describe('English short name'),
  mentions: z.number().int().positive(),
  primary: z
    .boolean()
    .describe('The story is about this state: it acts, is the main location, or is targeted'),
  evidence: z.array(Evidence),
});
export type CountryMention = z.infer<typeof CountryMention>;

export const PersonMention = z.object({
  name: z.string(),
  role: z.string().nullable(),
  country: CountryCode.nullable(),
  mentions: z.number().int().positive(),
});
export type PersonMention = z.infer<typeof PersonMention>;

export const OrganizationMention = z.object({
  id: z.string().describe('Stable identifier, e.g. "un", "eu", "cis"'),
  name: z.string(),
  mentions: z.number().int().positive(),
});
export type OrganizationMention = z.infer<typeof OrganizationMention>;

export const BilateralRelation = z.object({
  pair: z
    .string()
    .regex(/^[A-Z]{2}-[A-Z]{2}$/)
    .describe('Two ISO codes, sorted, joined by "-"'),
  evidence: z.array(Evidence),
});
export type BilateralRelation = z.infer<typeof BilateralRelation>;

// 'same-story' (additive): a report of the same event in another language, published as an article
// of its own and linked to the story (see docs/cross-lingual-stories.md).
export const DedupeStatus = z.enum(['unique', 'duplicate', 'near-duplicate', 'same-story']);
export type DedupeStatus = z.infer<typeof DedupeStatus>;

export const DedupeReason = z.enum([
  'same-url',
  'same-guid',
  'same-content',
  'similar-content',
  'shared-facts',
]);
export type DedupeReason = z.infer<typeof DedupeReason>;

export const SharedFact = z.object({
  kind: z.enum([
    'country',
    'place',
    'name',
    'person',
    'organization',
    'office',
    'figure',
    'time',
    'date',
    'topic',
    'subject',
  ]),
  key: z
    .string()
    .describe(
      'The same in every language: ISO code, number value, "t14:32", consonant skeleton of a name, ISO date, organisation or office id, slug',
    ),
  here: z.string().describe('How this article writes it'),
  there: z.string().describe('How the linked report writes it'),
});
export type SharedFact = z.infer<typeof SharedFact>;

export const StoryEvidence = z.object({
  matched: z.string().describe('Article id of the report in another language this one was compared with'),
  language: z.string().describe("That report's language"),
  score: z.number().describe('Weighted evidence of what both share; a link needs 8 and three specific facts'),
  hoursApart: z.number().nonnegative().describe('Between the two publication times'),
  shared: z.array(SharedFact),
});
export type StoryEvidence = z.infer<typeof StoryEvidence>;

export const DedupeVerdict = z.object({
  status: DedupeStatus,
  duplicateOf: z.string().nullable().describe('Article id of the first copy, when not unique'),
  reason: DedupeReason.nullable(),
  similarity: z.number().min(0).max(1).nullable(),
  contentHash: z.string(),
  fingerprint: z.string().nullable(),
  // Optional: records published before cross-lingual linking existed still parse, and code that
  // builds records without it still compiles (additive change). The enricher always writes it.
  evidence: StoryEvidence.nullable()
    .optional()
    .describe('For status "same-story": what this report shares with the report it was linked to'),
});
export type DedupeVerdict = z.infer<typeof DedupeVerdict>;

export const ArticleImage = z.object({
  url: z
    .string()
    .describe('Absolute URL; scheme, host, port, fragment and percent-encoding normalised, query kept'),
  caption: z.string().nullable().describe('Media title, figure caption or alt text'),
  credit: z.string().nullable().describe('Photographer or agency, when the feed names one'),
  type: z
    .string()
    .nullable()
    .describe('Media type, e.g. image/jpeg, when stated or evident from the file name'),
});
export type ArticleImage = z.infer<typeof ArticleImage>;

export const PublishedAtNote = z.enum(['missing', 'unparseable', 'in-future']);
export type PublishedAtNote = z.infer<typeof PublishedAtNote>;

export const RevisionReason = z.enum(['content-changed', 'tags-changed', 'reissue']);
export type RevisionReason = z.infer<typeof RevisionReason>;

export const ArticleRecord = z
  .object({
    schemaVersion: z.literal(1),
    id: z.string().describe('Stable id derived from the canonical URL, or the GUID when there is no URL'),
    revision: z.number().int().positive().describe('1 on first publication, higher for each update'),
    revisionReason: RevisionReason.nullable()
      .default(null)
      .describe(
        'Why this record was published again: "content-changed" (the agency changed the text), "tags-changed" (a replay under a newer taxonomy tagged it differently), "reissue" (a replay re-sent it unchanged on request); null on first publication and on redeliveries',
      ),
    url: z.string(),
    canonicalUrl: z.string(),
    title: z.string(),
    summary: z.string(),
    body: z.string().describe('Plain text, paragraphs separated by a blank line'),
    credit: z.string().nullable().describe('Agency boilerplate stripped from the end of the body'),
    language: z.string().describe('ISO 639-1 code, or "und" when unknown'),
    publishedAt: UtcInstant,
    publishedAtSource: z
      .enum(['feed', 'fetch-time'])
      .describe('"fetch-time" when the feed gave no usable date'),
    // Defaults let readers parse records published before the field existed (additive change).
    publishedAtNote: PublishedAtNote.nullable()
      .default(null)
      .describe('Why the fetch time was used: the feed date was missing, unparseable or too far ahead'),
    fetchedAt: UtcInstant,
    // Defaults: records from before page fetching still parse (additive change).
    textSource: z
      .enum(['feed', 'page'])
      .default('feed')
      .describe('Where the body came from: the feed item, or the article page it links to'),
    pageStatus: PageStatus.nullable()
      .default(null)
      .describe('What became of the article page, when the fetcher looked at it'),
    pageReason: z.string().nullable().default(null).describe('Why the page failed or was skipped'),
    source: z.object({ feedId: z.string(), agency: z.string(), name: z.string() }),
    authors: z.array(z.string()),
    categories: z.array(z.string()),
    images: z
      .array(ArticleImage)
      .default([])
      .describe('Feed media and images in the content, de-duplicated by URL, feed media first'),
    // Default: records published before the subject layer existed still parse (additive change).
    subjects: z
      .array(SubjectTag)
      .default([])
      .describe('What the story is about at the top level of IPTC Media Topics, strongest first'),
    topics: z.array(TopicTag),
    entities: z.object({
      countries: z.array(CountryMention),
      people: z.array(PersonMention),
      organizations: z.array(OrganizationMention),
    }),
    bilateral: z.array(BilateralRelation),
    dedupe: DedupeVerdict,
    storyId: z.string().describe('Shared by every copy of one story'),
    taxonomyVersion: z.string(),
    pipelineVersion: z.string(),
  })
  .meta({
    id: 'news.articles.v1',
    title: 'Enriched article',
    description: 'One enriched record per article',
  });
export type ArticleRecord = z.infer<typeof ArticleRecord>;
