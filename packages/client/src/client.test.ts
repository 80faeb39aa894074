import { describe, expect, it } from 'vitest';
import { article, copyOf } from '../test/fixtures.js';
import { WirestreamClient } from './client.js';
import { decodeRecord, idempotenceKey, type KafkaMessage } from './records.js';
import { StoryIndex, groupByStory } from './stories.js';
import { resolveStream, streamNames } from './streams.js';

const message = (value: string | null, offset = '7'): KafkaMessage => ({
  offset,
  key: Buffer.from('k'),
  value: value === null ? null : Buffer.from(value),
  timestamp: '1764581400000',
  headers: { 'ws-revision': Buffer.from('2'), 'ws-schema': 'news.topic.sanctions.v1' },
});

describe('stream names', () => {
  it('resolves short names, slugs and topic names to the registry', () => {
    expect(resolveStream('articles')).toMatchObject({ topic: 'news.articles.v1', kind: 'article' });
    expect(resolveStream('sanctions').topic).toBe('news.topic.sanctions.v1');
    expect(resolveStream('topic.sanctions').topic).toBe('news.topic.sanctions.v1');
    expect(resolveStream('news.topic.sanctions.v1').topic).toBe('news.topic.sanctions.v1');
    expect(resolveStream('sport').topic).toBe('news.subject.sport.v1');
    // A slug that is both a topic and a subject is the topic; subject.<slug> names the subject.
    expect(resolveStream('health').topic).toBe('news.topic.health.v1');
    expect(resolveStream('subject.health').topic).toBe('news.subject.health.v1');
    expect(resolveStream('duplicates')).toMatchObject({ topic: 'news.duplicates.v1', kind: 'duplicate' });
    expect(resolveStream('dlq')).toMatchObject({ topic: 'news.dlq.v1', kind: 'dead-letter' });
    expect(resolveStream('dead-letters').topic).toBe('news.dlq.v1');
  });

  it('refuses a name the registry does not have, and raw topics', () => {
    expect(() => resolveStream('topic.weather')).toThrow(/unknown stream "topic.weather"/);
    expect(() => resolveStream('news.raw.v1')).toThrow(/unknown stream/);
    expect(() => resolveStream('news.topic.nope.v1')).toThrow(/unknown stream/);
  });

  it('lists every stream a consumer can follow, and prefixes topics with the deployment prefix', () => {
    expect(streamNames()).toContain('subject.sport');
    expect(streamNames()).toHaveLength(1 + 16 + 17 + 2);
    const client = new WirestreamClient({ brokers: ['127.0.0.1:1'], topicPrefix: 'staging.' });
    expect(client.topic('sanctions')).toBe('staging.news.topic.sanctions.v1');
  });
});

describe('decoding records', () => {
  const sanctions = resolveStream('sanctions');

  it('validates a record against its schema and gives its idempotence key', () => {
    const decoded = decodeRecord(
      sanctions,
      'p.news.topic.sanctions.v1',
      2,
      message(JSON.stringify(article('a1', 2))),
    );
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.record).toMatchObject({
      topic: 'p.news.topic.sanctions.v1',
      partition: 2,
      offset: '7',
      key: 'k',
      headers: { 'ws-revision': '2', 'ws-schema': 'news.topic.sanctions.v1' },
      idempotenceKey: 'a1@2',
    });
    expect(decoded.record.value).toEqual(article('a1', 2));
  });

  it('surfaces what is not JSON, not matching or empty, never throws', () => {
    const bad = { ...article('a2'), revision: 0, entities: null };
    const cases = [
      [message('{"schemaVersion": 1, "id": '), 'not-json'],
      [message(JSON.stringify(bad)), 'schema'],
      [message(null), 'empty'],
      [message(''), 'empty'],
    ] as const;
    for (const [input, reason] of cases) {
      const decoded = decodeRecord(sanctions, 't', 0, input);
      expect(decoded.ok).toBe(false);
      if (decoded.ok) continue;
      expect(decoded.invalid.reason).toBe(reason);
      expect(decoded.invalid.raw).toBe(input.value);
    }
    const schema = decodeRecord(sanctions, 't', 0, message(JSON.stringify(bad)));
    if (schema.ok) throw new Error('expected invalid');
    expect(schema.invalid.issues.map((i) => i.path)).toEqual(['revision', 'entities']);
    expect(schema.invalid.message).toMatch(/^news\.topic\.sanctions\.v1: revision: .*; entities: /);
  });

  it('keys duplicates by copy and occurrence, dead letters by where they failed', () => {
    const copy = copyOf(article('orig'), 'copy-1');
    expect(idempotenceKey('duplicate', copy)).toBe('copy-1@1/southwire/i-copy-1');
    const letter = {
      stage: 'enrich',
      source: { topic: 'news.raw.v1', partition: 3, offset: '41', key: null, feedId: null, url: null },
      failedAt: '2026-12-01T10:00:00.000Z',
    };
    expect(idempotenceKey('dead-letter', letter)).toBe('enrich:news.raw.v1/3/41');
  });
});

describe('stories', () => {
  it('follows a copy to its original and groups a story by storyId', () => {
    const original = article('orig');
    const copy = copyOf(original, 'copy-1');
    const index = new StoryIndex();
    index.add(copy);
    expect(index.originalOf(copy)).toBeUndefined();
    index.add(original);
    index.add(article('orig', 2, { storyId: original.storyId, title: 'Updated' }));
    // An older revision arriving late does not replace the newer one.
    index.add(original);
    index.add(copy);
    expect(index.originalOf(copy)?.title).toBe('Updated');
    const story = index.story(original.storyId)!;
    expect(story.original?.revision).toBe(2);
    expect(story.articles.map((a) => a.id)).toEqual(['orig']);
    expect(story.copies.map((c) => c.id)).toEqual(['copy-1']);
    expect(index.article('orig')?.revision).toBe(2);
  });

  it('keeps at most maxStories, dropping the story updated longest ago', () => {
    const index = new StoryIndex({ maxStories: 2 });
    index.add(article('a'));
    index.add(article('b'));
    index.add(article('a', 2));
    index.add(article('c'));
    expect([...index.stories()].map((s) => s.storyId)).toEqual(['s-a', 's-c']);
    expect(index.article('b')).toBeUndefined();
  });

  it('groups a list of records', () => {
    const x = article('x');
    const groups = groupByStory([x, copyOf(x, 'x2'), copyOf(x, 'x3', 'eastwire'), article('y')]);
    expect([...groups.keys()]).toEqual(['s-x', 's-y']);
    expect(groups.get('s-x')!.copies).toHaveLength(2);
  });
});
