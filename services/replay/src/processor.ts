import type { ArticleRecord, DuplicateRecord, RawItemRecord, TopicBatch } from '@wirestream/contract';
import type { DedupeIndex, StoredArticle } from '@wirestream/dedupe';
import {
  enrichRawItem,
  mergeBatches,
  routeOutcome,
  type RouteOptions,
  type EnrichmentDeps,
  type EnrichmentOutcome,
} from '@wirestream/enrichment';
import type { Logger, RecordProducer } from '@wirestream/runtime';
import type { DryRunIndex, HeldSaveIndex } from './dedupe-views.js';
import { decideEmission, type Emission } from './emission.js';
import type { PublishedIndex } from './published-index.js';
import { restoreCopy } from './restore-copy.js';
import type { RateLimiter } from './rate-limit.js';
import type { JobCounts, JobKind } from './summary.js';
import { diffTags, tagList, tagsDigest, topicSlugs, type TagDiff } from './tags.js';

/** One article the job published (or, in a dry run, would publish). */
export interface ChangeReport {
  id: string;
  action: 'new' | 'updated' | 'reissued';
  revision: number;
  reason: ArticleRecord['revisionReason'];
  copy: boolean;
  title: string;
  url: string;
  /** Tags gained and lost against the published revision, when there was one. */
  tags: TagDiff | null;
}

export interface ProcessorOptions {
  jobId: string;
  kind: JobKind;
  reissue: boolean;
  dryRun: boolean;
  /** Only articles tagged (before or now) with one of these topic slugs; null: all. */
  topics: ReadonlySet<string> | null;
}

export interface ProcessorDeps {
  /** The enrichment of the live enricher; its dedupe index is `index`. */
  enrichment: EnrichmentDeps;
  index: HeldSaveIndex | DryRunIndex;
  /** The live dedupe index the job writes its decisions to (not in a dry run). */
  live: DedupeIndex;
  published: PublishedIndex;
  /** Null in a dry run. */
  producer: RecordProducer | null;
  limiter: RateLimiter;
  counts: JobCounts;
  logger: Logger;
  onChange?: (change: ChangeReport) => void;
  /** The live enricher's routing options (the ninjs stream), so a replay publishes what it would. */
  routing?: RouteOptions;
}

const storedFrom = (raw: RawItemRecord, outcome: EnrichmentOutcome): StoredArticle => ({
  articleId: outcome.article.id,
  itemKey: raw.itemKey,
  contentHash: outcome.article.dedupe.contentHash,
  revision: outcome.decision.revision,
  status: outcome.decision.status,
  duplicateOf: outcome.decision.duplicateOf,
  reason: outcome.decision.reason,
  similarity: outcome.decision.similarity,
  storyId: outcome.decision.storyId,
});

/**
 * The normal path for every job: raw item → the live enricher's enrichment (current code and
 * taxonomy, live dedupe index) → compared with what consumers already have → published through the
 * enricher's own routing (routeOutcome, @wirestream/enrichment), with `ws-replay: <job id>` on
 * every record, only when new or changed (or everything with --reissue). The revision a job
 * publishes is stored in the dedupe index, so the live enricher counts on from it.
 */
export class ItemProcessor {
  constructor(
    private readonly deps: ProcessorDeps,
    private readonly options: ProcessorOptions,
  ) {}

  /**
   * Processes a chunk of raw items and publishes what they yield in one request. `positions` gives
   * the raw topic position of items read from it: stored with each decision, it lets the live
   * enricher drop a later copy of the same item sent again by the fetcher.
   */
  async process(
    raws: readonly RawItemRecord[],
    positions?: ReadonlyMap<RawItemRecord, string>,
  ): Promise<void> {
    const batches: TopicBatch[] = [];
    for (const raw of raws) {
      await this.deps.limiter.take();
      try {
        batches.push(...(await this.one(raw, positions?.get(raw))));
      } catch (err) {
        this.deps.counts.failed++;
        this.deps.logger.warn(
          { itemKey: raw.itemKey, feed: raw.feed.id, err: (err as Error).message },
          'item could not be reprocessed',
        );
      }
    }
    if (this.deps.producer && batches.length > 0) await this.deps.producer.send(mergeBatches(batches));
  }

  private headers(batches: TopicBatch[], extra: Record<string, string>): TopicBatch[] {
    return batches.map((b) => ({
      spec: b.spec,
      records: b.records.map((r) => ({ ...r, headers: { ...r.headers, ...extra } })),
    }));
  }

  private wanted(tags: readonly string[], before: readonly string[] | undefined): boolean {
    const filter = this.options.topics;
    if (!filter) return true;
    return [...topicSlugs(tags), ...topicSlugs(before ?? [])].some((slug) => filter.has(slug));
  }

  private async save(entry: StoredArticle | null, position: string | undefined): Promise<void> {
    if (entry && !this.options.dryRun)
      await this.deps.live.save(position === undefined ? entry : { ...entry, position });
  }

  private async one(raw: RawItemRecord, position: string | undefined): Promise<TopicBatch[]> {
    const { published, index } = this.deps;
    let outcome = await enrichRawItem(raw, this.deps.enrichment);
    let held = index.take(outcome.article.id);
    const asCopy = outcome.duplicate ? undefined : published.copyOf(outcome.article.id);
    if (asCopy && !published.article(outcome.article.id) && outcome.decision.kind === 'new')
      ({ outcome, entry: held } = restoreCopy(outcome, held ?? storedFrom(raw, outcome), asCopy, new Date()));
    const tags = tagList(outcome.article);
    return outcome.duplicate
      ? this.copy(outcome, outcome.duplicate, held, position, tags)
      : this.article(raw, outcome, held, position, tags);
  }

  private get replayHeaders(): Record<string, string> {
    return { 'ws-replay': this.options.jobId, 'ws-replay-kind': this.options.kind };
  }

  /** A copy of another article: published once (again with --reissue), as the live enricher would. */
  private async copy(
    outcome: EnrichmentOutcome,
    duplicate: DuplicateRecord,
    held: StoredArticle | null,
    position: string | undefined,
    tags: readonly string[],
  ): Promise<TopicBatch[]> {
    const { counts, published } = this.deps;
    // What the live enricher would have stored for a copy seen for the first time.
    await this.save(held, position);
    if (!this.wanted(tags, undefined)) {
      counts.skipped++;
      return [];
    }
    const known = published.hasCopy(duplicate.id);
    if (known && !this.options.reissue) {
      counts.unchanged++;
      return [];
    }
    if (known) counts.reissued++;
    else counts.new++;
    published.noteCopy(duplicate);
    this.report(outcome.article, known ? 'reissued' : 'new', null, true);
    return this.headers(routeOutcome(outcome, this.deps.routing), this.replayHeaders);
  }

  /** An original article: published when new or changed against what consumers have (or with --reissue). */
  private async article(
    raw: RawItemRecord,
    outcome: EnrichmentOutcome,
    held: StoredArticle | null,
    position: string | undefined,
    tags: readonly string[],
  ): Promise<TopicBatch[]> {
    const { counts, published } = this.deps;
    const before = published.article(outcome.article.id);
    const emission: Emission = decideEmission(
      {
        contentHash: outcome.article.dedupe.contentHash,
        digest: tagsDigest(tags),
        fetchedAt: Date.parse(outcome.article.fetchedAt),
        decision: { kind: outcome.decision.kind, revision: outcome.decision.revision },
      },
      before,
      { reissue: this.options.reissue },
    );

    if (emission.action === 'unchanged') {
      // The live index had forgotten the article (older than its window): put back what consumers have.
      if (outcome.decision.kind === 'new' && before)
        await this.save(
          {
            ...(held ?? storedFrom(raw, outcome)),
            contentHash: before.contentHash,
            revision: before.revision,
          },
          position,
        );
      if (this.wanted(tags, before?.tags)) counts.unchanged++;
      else counts.skipped++;
      return [];
    }
    if (!this.wanted(tags, before?.tags)) {
      if (outcome.decision.kind === 'new') await this.save(held, position);
      counts.skipped++;
      return [];
    }

    const article: ArticleRecord = {
      ...outcome.article,
      revision: emission.revision,
      revisionReason: emission.reason,
    };
    await this.save(
      {
        ...(held ?? storedFrom(raw, outcome)),
        contentHash: article.dedupe.contentHash,
        revision: article.revision,
      },
      position,
    );
    published.noteArticle(article);
    counts[emission.action]++;
    this.report(article, emission.action, before ? diffTags(before.tags, tags) : null, false);
    const decision =
      emission.action === 'new' ? 'new' : emission.action === 'updated' ? 'update' : outcome.decision.kind;
    return this.headers(routeOutcome({ ...outcome, article }, this.deps.routing), {
      ...this.replayHeaders,
      'ws-revision': String(article.revision),
      'ws-decision': decision,
      ...(article.revisionReason ? { 'ws-revision-reason': article.revisionReason } : {}),
    });
  }

  private report(
    article: ArticleRecord,
    action: ChangeReport['action'],
    tags: TagDiff | null,
    copy: boolean,
  ): void {
    this.deps.onChange?.({
      id: article.id,
      action,
      revision: article.revision,
      reason: article.revisionReason,
      copy,
      title: article.title,
      url: article.url,
      tags,
    });
  }
}
