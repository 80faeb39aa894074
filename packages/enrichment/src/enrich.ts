import type { ArticleRecord, DuplicateRecord, RawItemRecord } from '@wirestream/contract';
import {
  articleIdFor,
  bandKeys,
  contentHashOf,
  dedupeArticle,
  encodeSignature,
  minhashSignature,
  type DedupeDecision,
  type DedupeFacts,
  type DedupeIndex,
} from '@wirestream/dedupe';
import { normalizeForHash, wordsForHash } from '@wirestream/normalize';
import { storyPlacement, type StorySigner } from '@wirestream/story';
import type { Tagger } from '@wirestream/tagging';
import { normalizeItem, type NormalizeOptions } from './normalize-item.js';

export interface EnrichmentDeps extends NormalizeOptions {
  tagger: Tagger;
  dedupe: DedupeIndex;
  pipelineVersion: string;
  nearDuplicateThreshold: number;
  /** Signs each article's story (what survives translation); without it nothing is linked across languages. */
  storySigner?: StorySigner;
  now?: () => Date;
}

export interface EnrichmentOutcome {
  article: ArticleRecord;
  /** How this occurrence relates to what was seen before (new, update, redelivery, copy). */
  decision: DedupeDecision;
  /** Set when the article is a copy of another: the record for news.duplicates.v1. */
  duplicate: DuplicateRecord | null;
  /**
   * Set when the article reports an event already reported in another language (status
   * `same-story`): the link for news.duplicates.v1. The article itself is published too.
   */
  link?: DuplicateRecord | null;
}

/**
 * Raw feed item → enriched article: normalise, deduplicate against the index, tag. The enricher
 * service and `wirestream enrich` both run exactly this.
 */
export async function enrichRawItem(raw: RawItemRecord, deps: EnrichmentDeps): Promise<EnrichmentOutcome> {
  const normalized = normalizeItem(raw, deps);
  const id = articleIdFor({
    canonicalUrl: normalized.canonicalUrl,
    guid: raw.item.guid,
    feedId: raw.feed.id,
  });

  // Tagged first: the story signature that links reports across languages is built on the tags.
  const tags = deps.tagger.tag({
    title: normalized.title,
    summary: normalized.summary,
    body: normalized.body,
    language: normalized.language,
  });
  const story = deps.storySigner?.sign(normalized, tags);

  // Titles change between copies of one story, so similarity is judged on the text itself.
  const text = normalized.body || normalized.summary || normalized.title;
  const signature = minhashSignature(wordsForHash(text));
  const facts: DedupeFacts = {
    articleId: id,
    itemKey: raw.itemKey,
    contentHash: contentHashOf({
      title: normalizeForHash(normalized.title),
      summary: normalizeForHash(normalized.summary),
      body: normalizeForHash(normalized.body),
    }),
    signature,
    bandKeys: bandKeys(signature),
    ...(story ? { story: { signature: story, ...storyPlacement(story) } } : {}),
  };
  const decision = await dedupeArticle(deps.dedupe, facts, {
    nearDuplicateThreshold: deps.nearDuplicateThreshold,
  });

  const article: ArticleRecord = {
    schemaVersion: 1,
    id,
    revision: decision.revision,
    // Only the live path's own reason; a replay that re-tags or re-issues sets its reason itself.
    revisionReason: decision.kind === 'update' ? 'content-changed' : null,
    url: normalized.url,
    canonicalUrl: normalized.canonicalUrl ?? normalized.url,
    title: normalized.title,
    summary: normalized.summary,
    body: normalized.body,
    credit: normalized.credit,
    language: normalized.language,
    publishedAt: normalized.publishedAt,
    publishedAtSource: normalized.publishedAtSource,
    publishedAtNote: normalized.publishedAtNote,
    fetchedAt: raw.fetchedAt,
    textSource: normalized.textSource,
    pageStatus: normalized.pageStatus,
    pageReason: normalized.pageReason,
    source: { feedId: raw.feed.id, agency: raw.feed.agency, name: raw.feed.name },
    authors: normalized.authors,
    categories: normalized.categories,
    images: normalized.images,
    subjects: tags.subjects,
    topics: tags.topics,
    entities: { countries: tags.countries, people: tags.people, organizations: tags.organizations },
    bilateral: tags.bilateral,
    dedupe: {
      status: decision.status,
      duplicateOf: decision.duplicateOf,
      reason: decision.reason,
      similarity: decision.similarity,
      contentHash: facts.contentHash,
      fingerprint: encodeSignature(signature),
      evidence: decision.evidence ?? null,
    },
    storyId: decision.storyId,
    taxonomyVersion: tags.taxonomyVersion,
    pipelineVersion: deps.pipelineVersion,
  };

  const record = duplicateRecord(raw, normalized.url, article, decision, deps.now);
  // A same-story report is an article of its own; its record on news.duplicates.v1 is only the link.
  return decision.status === 'same-story'
    ? { article, decision, duplicate: null, link: record }
    : { article, decision, duplicate: record, link: null };
}

/** The news.duplicates.v1 record of an article that is a copy of another; null for a unique one. */
function duplicateRecord(
  raw: RawItemRecord,
  url: string,
  article: ArticleRecord,
  decision: DedupeDecision,
  now: (() => Date) | undefined,
): DuplicateRecord | null {
  return decision.status === 'unique' || !decision.duplicateOf || !decision.reason
    ? null
    : {
        schemaVersion: 1,
        id: article.id,
        duplicateOf: decision.duplicateOf,
        storyId: decision.storyId,
        status: decision.status,
        reason: decision.reason,
        similarity: decision.similarity,
        occurrence: { feedId: raw.feed.id, itemKey: raw.itemKey, url },
        detectedAt: (now?.() ?? new Date()).toISOString(),
        article,
      };
}
