/**
 * Stories: every copy of one story carries the same `storyId`, and a copy (`news.duplicates.v1`) names
 * the article it duplicates (`duplicateOf`). `StoryIndex` keeps what a consumer has read, grouped by
 * story, so that a copy can be followed to its original without going back to Kafka (for that, see
 * `WirestreamClient.findArticle`).
 */
import type { ArticleRecord, DuplicateRecord } from '@wirestream/contract';

export interface Story {
  storyId: string;
  /** The story's first article: the one its copies name in `duplicateOf` (else the first article read). */
  original: ArticleRecord | undefined;
  /** Each unique article of the story, at the newest revision read, in the order first read. */
  articles: ArticleRecord[];
  /** Each copy read (`news.duplicates.v1`), in the order read, without repeats. */
  copies: DuplicateRecord[];
}

/** A copy (`news.duplicates.v1`) rather than an article. */
export function isDuplicate(record: ArticleRecord | DuplicateRecord): record is DuplicateRecord {
  return 'duplicateOf' in record && 'occurrence' in record && 'article' in record;
}

const copyKey = (d: DuplicateRecord): string =>
  `${d.id}@${d.article.revision}/${d.occurrence.feedId}/${d.occurrence.itemKey ?? d.occurrence.url}`;

interface Entry {
  storyId: string;
  articles: Map<string, ArticleRecord>;
  copies: Map<string, DuplicateRecord>;
  /** Ids that copies named as their original. */
  originals: Set<string>;
}

export interface StoryIndexOptions {
  /** How many stories to keep; the one updated longest ago goes first. Default 10,000. */
  maxStories?: number;
}

/** Articles and copies a consumer has read, grouped by `storyId`; bounded, in memory. */
export class StoryIndex {
  readonly #stories = new Map<string, Entry>();
  readonly #storyOfArticle = new Map<string, string>();
  readonly #max: number;

  constructor(options: StoryIndexOptions = {}) {
    this.#max = options.maxStories ?? 10_000;
  }

  /** Adds an article (any revision; an older one than already held is ignored) or a copy; returns its story. */
  add(record: ArticleRecord | DuplicateRecord): Story {
    const entry = this.#touch(record.storyId);
    if (isDuplicate(record)) {
      entry.copies.set(copyKey(record), record);
      entry.originals.add(record.duplicateOf);
    } else {
      const held = entry.articles.get(record.id);
      if (!held || held.revision <= record.revision) entry.articles.set(record.id, record);
      this.#storyOfArticle.set(record.id, record.storyId);
    }
    this.#evict();
    return this.#view(entry);
  }

  /** The story with this id, if anything of it was read. */
  story(storyId: string): Story | undefined {
    const entry = this.#stories.get(storyId);
    return entry && this.#view(entry);
  }

  /** The newest revision read of the article with this id. */
  article(id: string): ArticleRecord | undefined {
    const storyId = this.#storyOfArticle.get(id);
    return storyId === undefined ? undefined : this.#stories.get(storyId)?.articles.get(id);
  }

  /** The article a copy duplicates, if it was read. */
  originalOf(copy: DuplicateRecord): ArticleRecord | undefined {
    return this.article(copy.duplicateOf);
  }

  /** Every story held, the one updated longest ago first. */
  *stories(): IterableIterator<Story> {
    for (const entry of this.#stories.values()) yield this.#view(entry);
  }

  get size(): number {
    return this.#stories.size;
  }

  #touch(storyId: string): Entry {
    const entry = this.#stories.get(storyId) ?? {
      storyId,
      articles: new Map(),
      copies: new Map(),
      originals: new Set<string>(),
    };
    // Re-inserted, so that the Map's order is the order of last update.
    this.#stories.delete(storyId);
    this.#stories.set(storyId, entry);
    return entry;
  }

  #evict(): void {
    while (this.#stories.size > this.#max) {
      const [storyId, entry] = this.#stories.entries().next().value as [string, Entry];
      this.#stories.delete(storyId);
      for (const id of entry.articles.keys())
        if (this.#storyOfArticle.get(id) === storyId) this.#storyOfArticle.delete(id);
    }
  }

  #view(entry: Entry): Story {
    const articles = [...entry.articles.values()];
    const named = [...entry.originals].map((id) => entry.articles.get(id)).find((a) => a !== undefined);
    return {
      storyId: entry.storyId,
      original: named ?? articles[0],
      articles,
      copies: [...entry.copies.values()],
    };
  }
}

/** Groups records (articles and copies, in the order read) by story. */
export function groupByStory(records: Iterable<ArticleRecord | DuplicateRecord>): Map<string, Story> {
  const index = new StoryIndex({ maxStories: Number.POSITIVE_INFINITY });
  for (const record of records) index.add(record);
  return new Map([...index.stories()].map((story) => [story.storyId, story]));
}
