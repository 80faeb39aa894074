import { STORY_WINDOW_MS, type StorySignature } from '@wirestream/story';
import {
  pendingClaim,
  type CopySightings,
  type DedupeFacts,
  type DedupeIndex,
  type IndexSnapshot,
  type StoredArticle,
  type StoryCandidate,
} from './decide.js';

/** Reports remembered per story key and time bucket (the most recent first), in memory and in Redis. */
export const STORY_HOLDERS = 3;
/** Story candidates compared per article at most: those found under most of its keys. */
export const MAX_STORY_CANDIDATES = 3;

/** A report under a story key: its id, language and publication hour (as `<id>@<lang>@<hour>` in Redis). */
export type StoryHolder = readonly [id: string, lang: string, hour: number];

const STORY_WINDOW_HOURS = STORY_WINDOW_MS / 3_600_000;

/** The hour of publication a holder is filed with. */
export const storyHour = (at: number): number => Math.floor(at / 3_600_000);

/**
 * The reports in other languages within the story window found under the article's keys (each key's holders in its bucket
 * and the one beside it that is nearer, in key order), ranked by how many keys found them, then by which was found first; at most `max`.
 * The Redis index ranks the same way in its script.
 */
export function rankStoryHolders(
  lists: ReadonlyArray<ReadonlyArray<StoryHolder>>,
  self: StoryHolder,
  max: number,
): string[] {
  const hits = new Map<string, { count: number; order: number }>();
  let order = 0;
  for (const holders of lists) {
    for (const [id, lang, hour] of holders) {
      // A report in the article's own language, or outside the story window, is never linked to it.
      if (id === self[0] || lang === self[1] || Math.abs(hour - self[2]) > STORY_WINDOW_HOURS) continue;
      const seen = hits.get(id);
      if (seen) seen.count++;
      else hits.set(id, { count: 1, order: order++ });
    }
  }
  return [...hits]
    .sort((a, b) => b[1].count - a[1].count || a[1].order - b[1].order)
    .slice(0, max)
    .map(([id]) => id);
}

/**
 * The dedupe index in process memory: same semantics as the Redis one, for `wirestream enrich`,
 * evaluation and tests. Entries do not expire: a run is bounded by its input.
 */
export class MemoryDedupeIndex implements DedupeIndex, CopySightings {
  private readonly articles = new Map<string, StoredArticle>();
  private readonly copySightings = new Map<string, string>();
  private readonly contentOwners = new Map<string, string>();
  /** The last article that had each band, as in the Redis index. */
  private readonly bands = new Map<string, string>();
  private readonly signatures = new Map<string, Uint32Array>();
  /** Story keys per time bucket: key → the last reports that had it, most recent first, as in Redis. */
  private readonly storyBuckets = new Map<number, Map<string, StoryHolder[]>>();
  private readonly stories = new Map<string, StorySignature>();

  async sightCopy(articleId: string, itemKey: string, position: string): Promise<string | null> {
    const key = `${articleId} ${itemKey}`;
    const first = this.copySightings.get(key) ?? null;
    if (first === null) this.copySightings.set(key, position);
    return first;
  }

  async lookup(facts: DedupeFacts): Promise<IndexSnapshot> {
    const self = this.articles.get(facts.articleId) ?? null;
    if (!self) this.articles.set(facts.articleId, pendingClaim(facts.articleId, facts.itemKey));
    let ownerId = this.contentOwners.get(facts.contentHash);
    if (ownerId === undefined) {
      ownerId = facts.articleId;
      this.contentOwners.set(facts.contentHash, ownerId);
    }
    const candidateIds = new Set<string>();
    // An exact copy is represented by the first copy; it does not take over its bands.
    if (ownerId === facts.articleId) {
      for (const key of facts.bandKeys) {
        const last = this.bands.get(key);
        if (last !== undefined && last !== facts.articleId) candidateIds.add(last);
        this.bands.set(key, facts.articleId);
      }
    }
    if (!this.signatures.has(facts.articleId)) this.signatures.set(facts.articleId, facts.signature);
    return {
      self,
      contentOwner: { articleId: ownerId, entry: this.articles.get(ownerId) ?? null },
      candidates: [...candidateIds].map((articleId) => ({
        articleId,
        signature: this.signatures.get(articleId)!,
        entry: this.articles.get(articleId) ?? null,
      })),
      storyCandidates: ownerId === facts.articleId ? this.storyLookup(facts) : [],
    };
  }

  /** The reports sharing a story key in the article's bucket and the two beside it; takes the keys. */
  private storyLookup(facts: DedupeFacts): StoryCandidate[] {
    const story = facts.story;
    if (!story || story.keys.length === 0) return [];
    const lists: StoryHolder[][] = [];
    for (const key of story.keys)
      for (const bucket of [story.bucket, story.neighbour])
        lists.push(this.storyBuckets.get(bucket)?.get(key) ?? []);
    const me: StoryHolder = [facts.articleId, story.signature.lang, storyHour(story.signature.at)];
    const ranked = rankStoryHolders(lists, me, MAX_STORY_CANDIDATES);
    let own = this.storyBuckets.get(story.bucket);
    if (!own) this.storyBuckets.set(story.bucket, (own = new Map()));
    for (const key of story.keys) {
      const holders = (own.get(key) ?? []).filter(([id]) => id !== facts.articleId);
      own.set(key, [me, ...holders].slice(0, STORY_HOLDERS));
    }
    if (!this.stories.has(facts.articleId)) this.stories.set(facts.articleId, story.signature);
    return ranked.map((articleId) => ({
      articleId,
      story: this.stories.get(articleId)!,
      entry: this.articles.get(articleId) ?? null,
    }));
  }

  async entries(articleIds: readonly string[]): Promise<Map<string, StoredArticle | null>> {
    // A claim without a stored decision reads as nothing, as in Redis.
    return new Map(
      articleIds.map((id) => {
        const entry = this.articles.get(id);
        return [id, entry && !entry.pending ? entry : null];
      }),
    );
  }

  async save(entry: StoredArticle): Promise<void> {
    this.articles.set(entry.articleId, entry);
  }

  get size(): number {
    return this.articles.size;
  }
}
