import { describe, expect, it } from 'vitest';
import { SUBJECTS, TOPICS, TOPIC_SLUGS } from '@wirestream/contract';
import { resolveTopicName } from './tail.js';

describe('resolveTopicName', () => {
  it('takes registry names, short names and topic slugs', () => {
    for (const { name } of TOPICS) expect(resolveTopicName(name)).toBe(name);
    expect(resolveTopicName('articles')).toBe('news.articles.v1');
    expect(resolveTopicName('dlq')).toBe('news.dlq.v1');
    for (const slug of TOPIC_SLUGS) expect(resolveTopicName(slug)).toBe(`news.topic.${slug}.v1`);
  });

  it('takes subject slugs, and subject.<slug> for the one a topic shares', () => {
    const topicSlugs = new Set<string>(TOPIC_SLUGS);
    for (const { slug } of SUBJECTS) {
      expect(resolveTopicName(`subject.${slug}`)).toBe(`news.subject.${slug}.v1`);
      if (!topicSlugs.has(slug)) expect(resolveTopicName(slug)).toBe(`news.subject.${slug}.v1`);
    }
    expect(resolveTopicName('sport')).toBe('news.subject.sport.v1');
    // "health" is a topic and a subject: the bare slug keeps meaning the topic stream, as before subjects.
    expect(resolveTopicName('health')).toBe('news.topic.health.v1');
    expect(resolveTopicName('topic.health')).toBe('news.topic.health.v1');
    expect(resolveTopicName('subject.health')).toBe('news.subject.health.v1');
  });

  it('rejects anything else', () => {
    expect(() => resolveTopicName('no-such-topic')).toThrow(/unknown topic "no-such-topic"/);
    expect(() => resolveTopicName('subject.sanctions')).toThrow(/unknown topic/);
  });
});
