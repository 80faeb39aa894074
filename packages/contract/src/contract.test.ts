import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ArticleRecord,
  ContractError,
  FeedList,
  TOPICS,
  TOPIC_SLUGS,
  renderJsonSchemas,
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
