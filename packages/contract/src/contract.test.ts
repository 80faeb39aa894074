import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ArticleRecord,
  ContractError,
  Evidence,
  FeedList,
  SUBJECTS,
  SUBJECT_SLUGS,
  SUBJECT_STREAMS,
  SubjectTag,
  TOPICS,
  TOPIC_SLUGS,
  TOPIC_STREAMS,
  TopicTag,
  findTopic,
  renderJsonSchemas,
  subjectStreamName,
  topicStreamName,
  validate,
} from './index.js';

const schemaDir = fileURLToPath(new URL('../json-schema/', import.meta.url));

describe('JSON Schema', () => {
  it('checked-in files match the zod source (run `pnpm schemas:generate` after changing a schema)', () => {
    const rendered = renderJsonSchemas();
    expect(readdirSync(schemaDir).sort()).toEqual(Object.keys(rendered).sort());
    for (const [file, text] of Object.entries(rendered)) {
      expect(readFileSync(`${schemaDir}${file}`, 'utf8'), file).toBe(text);
    }
  });
});

describe('topic registry', () => {
  it('has one stream per taxonomy slug and unique names', () => {
    const names = TOPICS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const slug of TOPIC_SLUGS) expect(names).toContain(topicStreamName(slug));
    expect(names).toContain('news.dlq.v1');
  });

  it('has one stream per subject, listed after the topic streams', () => {
    expect(SUBJECT_STREAMS.map((t) => t.name)).toEqual(
      SUBJECT_SLUGS.map((slug) => `news.subject.${slug}.v1`),
    );
    expect(SUBJECT_STREAMS.map((t) => t.name)).toEqual(SUBJECT_SLUGS.map(subjectStreamName));
    expect(TOPICS.slice(-SUBJECT_STREAMS.length)).toEqual(SUBJECT_STREAMS);
    expect(TOPICS.slice(-SUBJECT_STREAMS.length - TOPIC_STREAMS.length, -SUBJECT_STREAMS.length)).toEqual(
      TOPIC_STREAMS,
    );
    for (const { slug } of SUBJECTS) expect(findTopic(subjectStreamName(slug))).toBeDefined();
  });

  it('gives subject streams the settings of the topic streams', () => {
    const settings = ({
      key,
      schema,
      partitions,
      retentionMs,
      maxMessageBytes,
    }: (typeof TOPICS)[number]) => ({
      key,
      schema,
      partitions,
      retentionMs,
      maxMessageBytes,
    });
    const topicStream = settings(TOPIC_STREAMS[0]!);
    expect(topicStream.schema).toBe(ArticleRecord);
    for (const spec of [...TOPIC_STREAMS, ...SUBJECT_STREAMS]) expect(settings(spec)).toEqual(topicStream);
    const sport = findTopic(subjectStreamName('sport'))!;
    expect(sport.description).toContain('medtop:15000000');
  });
});

describe('subjects', () => {
  it('are the 17 top-level IPTC Media Topics, each with a unique slug and code', () => {
    expect(SUBJECTS).toHaveLength(17);
    expect(SUBJECT_SLUGS).toEqual(SUBJECTS.map((s) => s.slug));
    expect(new Set(SUBJECT_SLUGS).size).toBe(17);
    expect(SUBJECTS.map((s) => s.iptc)).toEqual(
      Array.from({ length: 17 }, (_, i) => `medtop:${String(i + 1).padStart(2, '0')}000000`),
    );
    for (const s of SUBJECTS) {
      expect(s.slug).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(s.label.length).toBeGreaterThan(0);
      expect(SubjectTag.safeParse({ slug: s.slug, iptc: s.iptc, score: 1, evidence: [] }).success).toBe(true);
    }
  });

  it('take a medtop code and a score between 0 and 1', () => {
    const tag = { slug: 'sport', iptc: 'medtop:15000000', score: 0.5, evidence: [] };
    expect(SubjectTag.safeParse(tag).success).toBe(true);
    expect(SubjectTag.safeParse({ ...tag, iptc: '15000000' }).success).toBe(false);
    expect(SubjectTag.safeParse({ ...tag, iptc: null }).success).toBe(false);
    expect(SubjectTag.safeParse({ ...tag, score: 1.2 }).success).toBe(false);
    expect(SubjectTag.safeParse({ ...tag, score: -0.1 }).success).toBe(false);
  });
});

/** A valid article as published before the subject layer: no `subjects`, evidence without `sentence`. */
const olderArticle = () => ({
  schemaVersion: 1,
  id: 'a-1',
  revision: 1,
  url: 'https://agency.test/a-1',
  canonicalUrl: 'https://agency.test/a-1',
  title: 'Sanctions widened',
  summary: '',
  body: 'The council widened sanctions.',
  credit: null,
  language: 'en',
  publishedAt: '2026-01-01T10:00:00.000Z',
  publishedAtSource: 'feed',
  fetchedAt: '2026-01-01T10:05:00.000Z',
  source: { feedId: 'agency-world', agency: 'Agency', name: 'World' },
  authors: [],
  categories: [],
  topics: [
    {
      slug: 'sanctions',
      iptc: null,
      score: 0.8,
      evidence: [{ term: 'sanctions', match: 'sanctions', field: 'body', offset: 20 }],
    },
  ],
  entities: { countries: [], people: [], organizations: [] },
  bilateral: [],
  dedupe: {
    status: 'unique',
    duplicateOf: null,
    reason: null,
    similarity: null,
    contentHash: 'h',
    fingerprint: null,
  },
  storyId: 's-1',
  taxonomyVersion: 't',
  pipelineVersion: 'p',
});

describe('article record', () => {
  it('reads records published before subjects and evidence sentences (additive change)', () => {
    const article = validate(ArticleRecord, olderArticle());
    expect(article.subjects).toEqual([]);
    expect(article.topics[0]!.evidence[0]!.sentence).toBeNull();
  });

  it('carries subjects and the sentence of each piece of evidence', () => {
    const sentence = 'The council widened sanctions.';
    const evidence = { term: 'council', match: 'council', field: 'body', offset: 4, sentence };
    const article = validate(ArticleRecord, {
      ...olderArticle(),
      subjects: [
        { slug: 'politics', iptc: 'medtop:11000000', score: 0.7, evidence: [evidence] },
        { slug: 'economy-business', iptc: 'medtop:04000000', score: 0.3, evidence: [] },
      ],
    });
    expect(article.subjects.map((s) => s.slug)).toEqual(['politics', 'economy-business']);
    expect(article.subjects[0]!.evidence[0]!.sentence).toBe(sentence);
    expect(Evidence.parse(evidence)).toEqual(evidence);
    expect(Evidence.safeParse({ ...evidence, sentence: 5 }).success).toBe(false);
    const bad = { ...olderArticle(), subjects: [{ slug: 'sport', iptc: 'sport', score: 1, evidence: [] }] };
    expect(() => validate(ArticleRecord, bad, 'news.articles.v1')).toThrowError(
      /news\.articles\.v1: subjects\.0\.iptc: /,
    );
  });

  it('still reads topic scores of records tagged before scores were calibrated', () => {
    const tag = { slug: 'sanctions', iptc: null, score: 1, evidence: [] };
    expect(TopicTag.safeParse(tag).success).toBe(true);
    expect(TopicTag.safeParse({ ...tag, score: 0 }).success).toBe(true);
    // A raw evidence sum from an older taxonomy: must not be rejected by a reader of v1.
    expect(TopicTag.safeParse({ ...tag, score: 3.4 }).success).toBe(true);
    expect(TopicTag.safeParse({ ...tag, score: -1 }).success).toBe(false);
  });
});

describe('JSON Schema of articles', () => {
  interface Node {
    type?: unknown;
    properties: Record<string, Node>;
    items: Node;
    required: string[];
  }
  const document = JSON.parse(renderJsonSchemas()['news.articles.v1.json']!) as {
    $defs: Record<string, Node>;
  };
  const article = document.$defs['news.articles.v1']!;

  it('describes subjects, calibrated topic scores and evidence sentences', () => {
    expect(article.required).toContain('subjects');
    const subject = article.properties.subjects!.items;
    expect(subject.required).toEqual(['slug', 'iptc', 'score', 'evidence']);
    expect(subject.properties.iptc).toMatchObject({ type: 'string', pattern: '^medtop:\\d{8}$' });
    expect(subject.properties.score).toMatchObject({ minimum: 0, maximum: 1 });
    const topic = article.properties.topics!.items;
    expect(topic.properties.score).toMatchObject({ minimum: 0 });
    expect(topic.properties.score).not.toHaveProperty('maximum');
    for (const tag of [subject, topic]) {
      const evidence = tag.properties.evidence!.items;
      expect(evidence.required).toContain('sentence');
      expect(evidence.properties.sentence).toMatchObject({ type: ['string', 'null'], default: null });
    }
  });
});

describe('validate', () => {
  it('names the offending path', () => {
    expect(() => validate(ArticleRecord, { schemaVersion: 1, id: 5 }, 'news.articles.v1')).toThrowError(
      /news\.articles\.v1: id: /,
    );
    try {
      validate(ArticleRecord, {}, 'a');
    } catch (e) {
      expect(e).toBeInstanceOf(ContractError);
    }
  });

  it('rejects duplicate feed ids', () => {
    const feed = { id: 'a', url: 'http://x.test/feed', agency: 'A' };
    expect(FeedList.safeParse({ feeds: [feed, feed] }).success).toBe(false);
    expect(FeedList.parse({ feeds: [feed] }).feeds[0]?.intervalSeconds).toBe(300);
  });
});
