import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ArticleRecord } from './article.js';
import { exampleArticle } from './examples.js';
import { NinjsArticle, mediaTopicUri, toNinjs, webUri } from './ninjs.js';
import { SUBJECTS } from './subjects.js';
import { validate } from './validate.js';

/** IPTC's schemas and test suite, as copied into shared/ (see its README). */
const NINJS_DIR = fileURLToPath(new URL('../../../../shared/standards/ninjs/', import.meta.url));
const require = createRequire(import.meta.url);
const addFormats = formats as unknown as (ajv: Ajv2020) => void;
const json = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

/**
 * The official ninjs schema of `version` in ajv (draft 2020-12, formats checked), with the GeoJSON
 * schema it refers to (the geojson-schema package, draft-07) registered under its URL.
 */
function ninjsValidator(version: '3.0' | '3.1'): ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addMetaSchema(json(require.resolve('ajv/dist/refs/json-schema-draft-07.json')));
  ajv.addSchema(json(require.resolve('geojson-schema/GeoJSON.json')));
  return ajv.compile(json(`${NINJS_DIR}ninjs-schema_${version}.json`));
}

const ninjs31 = ninjsValidator('3.1');
const errors = (check: ValidateFunction): string =>
  (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('; ');

describe('the ninjs validator, on IPTC test suite', () => {
  for (const version of ['3.0', '3.1'] as const) {
    const check = version === '3.1' ? ninjs31 : ninjsValidator(version);
    const suite = `${NINJS_DIR}test_suite/${version}/`;
    const files = (kind: string) => readdirSync(`${suite}${kind}`).filter((f) => f.endsWith('.json'));

    it(`accepts every should_pass document of ${version} (${files('should_pass').length})`, () => {
      expect(files('should_pass').length).toBeGreaterThan(0);
      for (const file of files('should_pass'))
        expect(check(json(`${suite}should_pass/${file}`)), `${file}: ${errors(check)}`).toBe(true);
    });

    it(`refuses every should_fail document of ${version} (${files('should_fail').length})`, () => {
      expect(files('should_fail').length).toBeGreaterThan(0);
      for (const file of files('should_fail'))
        expect(check(json(`${suite}should_fail/${file}`)), file).toBe(false);
    });
  }
});

const article = (changes: Partial<ArticleRecord> = {}): ArticleRecord => ({ ...exampleArticle, ...changes });

describe('toNinjs', () => {
  it('projects an enriched article to a valid ninjs 3.1 news item', () => {
    const item = toNinjs(exampleArticle);
    expect(ninjs31(item), errors(ninjs31)).toBe(true);
    expect(validate(NinjsArticle, item)).toEqual(item);
    expect(item).toMatchObject({
      uri: `urn:wirestream:article:${exampleArticle.id}`,
      standard: { name: 'ninjs', version: '3.1' },
      type: 'text',
      version: '1',
      firstCreated: exampleArticle.publishedAt,
      versionCreated: exampleArticle.fetchedAt,
      language: 'en',
      headlines: [{ role: 'main', value: exampleArticle.title }],
      descriptions: [{ role: 'summary', value: exampleArticle.summary }],
      by: 'Anna Berg',
      infoSources: [{ name: 'Nordwire', role: 'source', literal: 'nordwire-world' }],
      places: [{ name: 'Russia', rel: 'about', literal: 'RU' }],
      organisations: [{ name: 'European Union', literal: 'eu' }],
      renditions: [{ name: 'web', href: exampleArticle.canonicalUrl, contentType: 'text/html' }],
    });
    expect(item.bodies[0]).toMatchObject({ value: exampleArticle.body, wordCount: 42 });
    expect(item.associations).toEqual([
      expect.objectContaining({
        uri: 'https://nordwire.example/img/tanker.jpg',
        type: 'picture',
        by: 'Nordwire/J. Holm',
        renditions: [
          { name: 'original', href: 'https://nordwire.example/img/tanker.jpg', contentType: 'image/jpeg' },
        ],
      }),
    ]);
  });

  it('is checked strictly: a bad URI, date or unknown property fails the official schema', () => {
    const item = toNinjs(exampleArticle);
    expect(ninjs31({ ...item, subjects: [{ ...item.subjects[0], uri: 'http://a b' }] })).toBe(false);
    expect(ninjs31({ ...item, firstCreated: 'yesterday' })).toBe(false);
    expect(ninjs31({ ...item, storyId: exampleArticle.storyId })).toBe(false);
  });

  it('gives subjects and topics as IPTC Media Topics with their URIs, subjects first', () => {
    expect(toNinjs(exampleArticle).subjects).toEqual([
      {
        name: 'politics and government',
        rel: 'about',
        uri: 'http://cv.iptc.org/newscodes/mediatopic/11000000',
        literal: 'subject:politics',
        creator: 'wirestream',
        relevance: 59,
      },
      {
        name: 'economy, business and finance',
        rel: 'about',
        uri: 'http://cv.iptc.org/newscodes/mediatopic/04000000',
        literal: 'subject:economy-business',
        creator: 'wirestream',
        relevance: 20,
      },
      {
        name: 'sanctions',
        rel: 'about',
        uri: 'http://cv.iptc.org/newscodes/mediatopic/20000642',
        literal: 'topic:sanctions',
        creator: 'wirestream',
        confidence: 91,
      },
    ]);
    for (const s of SUBJECTS)
      expect(mediaTopicUri(s.iptc)).toBe(`http://cv.iptc.org/newscodes/mediatopic/${s.iptc.slice(7)}`);
  });

  it('leaves out what the article does not have, and stays valid', () => {
    const bare = article({
      language: 'und',
      summary: '',
      authors: [],
      images: [],
      subjects: [],
      topics: [{ slug: 'local-news', iptc: null, score: 3.5, evidence: [] }],
      entities: { countries: [], people: [], organizations: [] },
      revision: 3,
      revisionReason: 'content-changed',
      credit: 'Reporting by A. Berg; editing by J. Holm',
    });
    const item = toNinjs(bare);
    expect(ninjs31(item), errors(ninjs31)).toBe(true);
    expect(item.version).toBe('3');
    for (const key of ['language', 'by', 'associations', 'places', 'people', 'organisations'] as const)
      expect(item[key], key).toBeUndefined();
    expect(item.descriptions).toEqual([{ role: 'credit', contentType: 'text/plain', value: bare.credit }]);
    // No IPTC code: no URI. A raw evidence sum of an older taxonomy is capped at 100.
    expect(item.subjects).toEqual([
      {
        name: 'local news',
        rel: 'about',
        literal: 'topic:local-news',
        creator: 'wirestream',
        confidence: 100,
      },
    ]);
  });

  it('writes URLs as RFC 3986 URIs, and leaves out what is not an http(s) URL', () => {
    expect(webUri('https://a.example/x|y^z?q={1}#frag#ment')).toBe(
      'https://a.example/x%7Cy%5Ez?q=%7B1%7D#frag%23ment',
    );
    expect(webUri('https://user:pw@a.example/100%')).toBe('https://a.example/100%25');
    expect(webUri('mailto:desk@a.example')).toBeNull();
    expect(webUri('not a url')).toBeNull();
    const item = toNinjs(
      article({
        canonicalUrl: 'guid:nordwire:42',
        images: [{ url: 'data:,x', caption: null, credit: null, type: null }],
      }),
    );
    expect(item.renditions).toBeUndefined();
    expect(item.associations).toBeUndefined();
    expect(ninjs31(item), errors(ninjs31)).toBe(true);
  });

  it('is valid ninjs 3.1 for any text, URL and id an article can carry', () => {
    const text = fc.string({ unit: 'binary', maxLength: 80 });
    const url = fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), text);
    fc.assert(
      fc.property(
        fc.record({
          id: text,
          title: text,
          summary: text,
          body: text,
          url,
          credit: fc.option(text),
          authors: fc.array(text, { maxLength: 3 }),
          language: fc.constantFrom('en', 'de', 'und', ''),
          image: fc.record({ url, caption: fc.option(text), credit: fc.option(text), type: fc.option(text) }),
          score: fc.double({ min: 0, max: 50, noNaN: true }),
          country: fc.record({ name: text, primary: fc.boolean() }),
        }),
        (r) => {
          const item = toNinjs(
            article({
              id: r.id,
              title: r.title,
              summary: r.summary,
              body: r.body,
              canonicalUrl: r.url,
              credit: r.credit,
              authors: r.authors,
              language: r.language,
              images: [r.image],
              topics: [{ slug: 'sanctions', iptc: 'medtop:20000642', score: r.score, evidence: [] }],
              entities: {
                countries: [
                  { code: 'RU', name: r.country.name, mentions: 1, primary: r.country.primary, evidence: [] },
                ],
                people: [{ name: r.title, role: null, country: null, mentions: 1 }],
                organizations: [],
              },
            }),
          );
          expect(ninjs31(item), errors(ninjs31)).toBe(true);
          expect(NinjsArticle.safeParse(item).success).toBe(true);
        },
      ),
      { numRuns: 300, seed: 17 },
    );
  });
});
