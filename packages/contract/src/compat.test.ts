import { describe, expect, it } from 'vitest';
import { checkSchemas, diffSchemas, isBreaking, type CompatMode, type JsonSchema } from './compat.js';
import { CONTRACT_POLICY, OPEN_ENUMS } from './contract-policy.js';
import { renderJsonSchemas } from './json-schema.js';

/** A record schema as zod writes it: $defs, a root $ref, closed objects, defaults on defaulted fields. */
const record = (properties: Record<string, JsonSchema>, required = Object.keys(properties)): JsonSchema => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $ref: '#/$defs/news.test.v1',
  $defs: {
    'news.test.v1': { type: 'object', properties, required, additionalProperties: false },
  },
});

const base = {
  id: { type: 'string', description: 'Stable id' },
  revision: { type: 'integer', exclusiveMinimum: 0, maximum: 9007199254740991 },
  status: { type: 'string', enum: ['unique', 'duplicate'] },
  reason: { anyOf: [{ type: 'string', enum: ['same-url', 'same-content'] }, { type: 'null' }] },
  score: { type: 'number', minimum: 0, maximum: 1 },
  title: { type: 'string' },
  code: { type: 'string', pattern: '^[A-Z]{2}$' },
  tags: { type: 'array', items: { type: 'string' } },
  source: {
    type: 'object',
    properties: { feedId: { type: 'string' } },
    required: ['feedId'],
    additionalProperties: false,
  },
  textSource: { default: 'feed', type: 'string', enum: ['feed', 'page'] },
} satisfies Record<string, JsonSchema>;

type Props = Record<string, JsonSchema>;
const edit = (change: (props: Props) => void, required?: (keys: string[]) => string[]): JsonSchema => {
  const props: Props = structuredClone(base);
  change(props);
  const keys = Object.keys(props);
  return record(props, required ? required(keys) : keys);
};

const kinds = (after: JsonSchema, before: JsonSchema = record(base)) =>
  diffSchemas(before, after).map((c) => `${c.path} ${c.change}`);

/** Whether the change from base to `after` passes for a topic's readers, and for an input document. */
const verdict = (after: JsonSchema, mode: CompatMode, openEnum = false): boolean =>
  diffSchemas(record(base), after).every((c) => !isBreaking(c, mode, openEnum));

describe('diffSchemas: changes that break a reader of a topic', () => {
  const cases: Array<[string, JsonSchema, string[]]> = [
    ['removed field', edit((p) => delete p.title), ['.title property-removed']],
    [
      'renamed field (same schema, new name)',
      edit((p) => {
        p.headline = p.title!;
        delete p.title;
      }),
      ['.title property-renamed'],
    ],
    [
      'new required field without a default',
      edit((p) => (p.storyId = { type: 'string' })),
      ['.storyId required-property-added'],
    ],
    [
      'type narrowed: nullable no more',
      edit((p) => (p.reason = { type: 'string', enum: ['same-url', 'same-content'] })),
      ['.reason type-narrowed'],
    ],
    [
      'type narrowed: number to integer',
      edit((p) => (p.score = { type: 'integer', minimum: 0, maximum: 1 })),
      ['.score type-narrowed'],
    ],
    [
      'type widened: string or null',
      edit((p) => (p.title = { type: ['string', 'null'] })),
      ['.title type-widened'],
    ],
    [
      'type widened: integer to number',
      edit((p) => (p.revision = { type: 'number', exclusiveMinimum: 0, maximum: 9007199254740991 })),
      ['.revision type-widened'],
    ],
    [
      'type changed',
      edit((p) => (p.title = { type: 'number' })),
      ['.title type-narrowed', '.title type-widened'],
    ],
    [
      'enum value removed',
      edit((p) => (p.status = { type: 'string', enum: ['unique'] })),
      ['.status enum-value-removed'],
    ],
    [
      'enum value added (closed enum)',
      edit((p) => (p.status = { type: 'string', enum: ['unique', 'duplicate', 'same-story'] })),
      ['.status enum-value-added'],
    ],
    [
      'enum value renamed (its meaning moved to another name)',
      edit((p) => (p.status = { type: 'string', enum: ['unique', 'copy'] })),
      ['.status enum-value-renamed'],
    ],
    [
      'enum value removed inside a nullable union',
      edit((p) => (p.reason = { anyOf: [{ type: 'string', enum: ['same-url'] }, { type: 'null' }] })),
      ['.reason enum-value-removed'],
    ],
    [
      'enum put on a free string',
      edit((p) => (p.title = { type: 'string', enum: ['a', 'b'] })),
      ['.title enum-added'],
    ],
    [
      'minimum raised',
      edit((p) => (p.score = { type: 'number', minimum: 0.5, maximum: 1 })),
      ['.score constraint-narrowed'],
    ],
    [
      'maximum removed',
      edit((p) => (p.score = { type: 'number', minimum: 0 })),
      ['.score constraint-widened'],
    ],
    [
      'exclusive bound made inclusive',
      edit((p) => (p.revision = { type: 'integer', minimum: 0, maximum: 9007199254740991 })),
      ['.revision constraint-widened'],
    ],
    [
      'pattern added',
      edit((p) => (p.title = { type: 'string', pattern: '^.{1,300}$' })),
      ['.title constraint-narrowed'],
    ],
    [
      'pattern changed',
      edit((p) => (p.code = { type: 'string', pattern: '^[A-Z]{3}$' })),
      ['.code constraint-changed'],
    ],
    [
      'format added',
      edit((p) => (p.title = { type: 'string', format: 'date-time' })),
      ['.title constraint-narrowed'],
    ],
    [
      'array items narrowed',
      edit((p) => (p.tags = { type: 'array', items: { type: 'string', minLength: 2 } })),
      ['.tags[] constraint-narrowed'],
    ],
    [
      'nested field removed',
      edit((p) => (p.source = { type: 'object', properties: {}, required: [], additionalProperties: false })),
      ['.source.feedId property-removed'],
    ],
    [
      'default changed (records without the field read differently)',
      edit((p) => (p.textSource = { default: 'page', type: 'string', enum: ['feed', 'page'] })),
      ['.textSource default-changed'],
    ],
    [
      'default removed from a required field',
      edit((p) => (p.textSource = { type: 'string', enum: ['feed', 'page'] })),
      ['.textSource default-removed'],
    ],
    [
      'field may now be left out',
      edit(
        () => undefined,
        (keys) => keys.filter((k) => k !== 'title'),
      ),
      ['.title property-now-optional'],
    ],
    [
      'enum taken off (any string now)',
      edit((p) => (p.status = { type: 'string' })),
      ['.status enum-removed'],
    ],
    [
      'a second object shape in a union',
      edit(
        (p) =>
          (p.source = { anyOf: [base.source, { type: 'object', properties: { url: { type: 'string' } } }] }),
      ),
      ['.source union-changed'],
    ],
  ];

  it.each(cases)('%s', (_name, after, expected) => {
    expect(kinds(after)).toEqual(expected);
    expect(verdict(after, 'topic')).toBe(false);
  });

  it('an optional field made required', () => {
    const before = edit(
      (p) => (p.note = { type: 'string' }),
      (keys) => keys.filter((k) => k !== 'note'),
    );
    const after = edit((p) => (p.note = { type: 'string' }));
    expect(kinds(after, before)).toEqual(['.note property-now-required']);
    expect(diffSchemas(before, after).every((c) => isBreaking(c, 'topic') && isBreaking(c, 'input'))).toBe(
      true,
    );
  });

  it('a constant changed (schemaVersion 1 → 2)', () => {
    const before = record({ schemaVersion: { type: 'number', const: 1 } });
    const after = record({ schemaVersion: { type: 'number', const: 2 } });
    expect(kinds(after, before)).toEqual(['.schemaVersion enum-value-renamed']);
  });

  it('an object closed to unknown properties', () => {
    const open = record({ headers: { type: 'object', additionalProperties: { type: 'string' } } });
    const closed = record({ headers: { type: 'object', additionalProperties: false } });
    expect(kinds(closed, open)).toEqual(['.headers object-closed']);
    expect(diffSchemas(open, closed).every((c) => isBreaking(c, 'topic'))).toBe(true);
  });

  it('follows $ref into shared definitions (the article inside a duplicate)', () => {
    const withArticle = (article: JsonSchema): JsonSchema => ({
      $ref: '#/$defs/dup',
      $defs: {
        dup: { type: 'object', properties: { article: { $ref: '#/$defs/art' } }, required: ['article'] },
        art: article,
      },
    });
    const before = withArticle({
      type: 'object',
      properties: { title: { type: 'string' } },
      required: ['title'],
    });
    const after = withArticle({ type: 'object', properties: {}, required: [] });
    expect(kinds(after, before)).toEqual(['.article.title property-removed']);
  });

  it('terminates on recursive schemas', () => {
    const tree = (leaf: string): JsonSchema => ({
      $ref: '#/$defs/node',
      $defs: {
        node: {
          type: 'object',
          properties: { name: { type: leaf }, children: { type: 'array', items: { $ref: '#/$defs/node' } } },
        },
      },
    });
    expect(kinds(tree('number'), tree('string'))).toEqual(['.name type-narrowed', '.name type-widened']);
  });
});

describe('diffSchemas: changes a reader of a topic survives', () => {
  const cases: Array<[string, JsonSchema, string[]]> = [
    [
      'new optional field',
      edit(
        (p) => (p.note = { type: 'string' }),
        (keys) => keys.filter((k) => k !== 'note'),
      ),
      ['.note optional-property-added'],
    ],
    [
      'new field with a default (required in the output, absent from older records)',
      edit((p) => (p.subjects = { default: [], type: 'array', items: { type: 'string' } })),
      ['.subjects optional-property-added'],
    ],
    ['description changed', edit((p) => (p.id = { type: 'string', description: 'Something else' })), []],
    [
      'default given to a field that always had a value',
      edit((p) => (p.title = { type: 'string', default: '' })),
      ['.title default-added'],
    ],
    [
      'optional field made required with a default (.optional() → .default(null))',
      edit(
        (p) => (p.note = { type: ['string', 'null'], default: null }),
        (keys) => keys,
      ),
      ['.note optional-property-added'],
    ],
  ];

  it.each(cases)('%s', (_name, after, expected) => {
    expect(kinds(after)).toEqual(expected);
    expect(verdict(after, 'topic')).toBe(true);
    expect(verdict(after, 'input')).toBe(true);
  });

  it('an object opened to unknown properties', () => {
    const closed = record({ headers: { type: 'object', additionalProperties: false } });
    const open = record({ headers: { type: 'object' } });
    expect(kinds(open, closed)).toEqual(['.headers object-opened']);
    expect(diffSchemas(closed, open).some((c) => isBreaking(c, 'topic'))).toBe(false);
  });

  it('a new value in an enum documented as open', () => {
    const after = edit((p) => (p.status = { type: 'string', enum: ['unique', 'duplicate', 'same-story'] }));
    expect(verdict(after, 'topic', true)).toBe(true);
    // Removing or renaming a value of an open enum still breaks.
    expect(
      verdict(
        edit((p) => (p.status = { type: 'string', enum: ['unique'] })),
        'topic',
        true,
      ),
    ).toBe(false);
    expect(
      verdict(
        edit((p) => (p.status = { type: 'string', enum: ['unique', 'copy'] })),
        'topic',
        true,
      ),
    ).toBe(false);
  });
});

describe('input documents (config, feed lists): what was accepted stays accepted', () => {
  const widened: Array<[string, JsonSchema]> = [
    ['type widened', edit((p) => (p.title = { type: ['string', 'null'] }))],
    ['enum value added', edit((p) => (p.status = { type: 'string', enum: ['unique', 'duplicate', 'x'] }))],
    ['bound relaxed', edit((p) => (p.score = { type: 'number', minimum: 0 }))],
    ['pattern dropped', edit((p) => (p.code = { type: 'string' }))],
    [
      'field made optional',
      edit(
        () => undefined,
        (keys) => keys.filter((k) => k !== 'title'),
      ),
    ],
    [
      'default changed',
      edit((p) => (p.textSource = { default: 'page', type: 'string', enum: ['feed', 'page'] })),
    ],
  ];
  it.each(widened)('%s passes for an input, breaks a topic', (_name, after) => {
    expect(verdict(after, 'input')).toBe(true);
    expect(verdict(after, 'topic')).toBe(false);
  });

  const narrowed: Array<[string, JsonSchema]> = [
    ['key removed', edit((p) => delete p.title)],
    ['new required key', edit((p) => (p.storyId = { type: 'string' }))],
    ['type narrowed', edit((p) => (p.reason = { type: 'string', enum: ['same-url', 'same-content'] }))],
    ['enum value removed', edit((p) => (p.status = { type: 'string', enum: ['unique'] }))],
    ['bound tightened', edit((p) => (p.score = { type: 'number', minimum: 0, maximum: 0.5 }))],
  ];
  it.each(narrowed)('%s breaks an input', (_name, after) => {
    expect(verdict(after, 'input')).toBe(false);
  });
});

describe('checkSchemas', () => {
  const policy = {
    modeOf: (file: string): CompatMode => (file.startsWith('news.') ? 'topic' : 'input'),
    isOpenEnum: () => false,
  };

  it('reports per schema, and treats a new schema as additive and a removed one as breaking', () => {
    const report = checkSchemas(
      { 'news.a.v1.json': record(base), 'news.gone.v1.json': record(base) },
      { 'news.a.v1.json': edit((p) => delete p.title), 'news.new.v1.json': record(base) },
      policy,
    );
    expect(report.schemas).toBe(3);
    expect(report.compatible).toBe(false);
    expect(report.breaking.map((f) => `${f.schema} ${f.path} ${f.change}`)).toEqual([
      'news.a.v1.json .title property-removed',
      'news.gone.v1.json (root) schema-removed',
    ]);
    expect(report.additive.map((f) => `${f.schema} ${f.change}`)).toEqual(['news.new.v1.json schema-added']);
  });

  it('is compatible when nothing changed', () => {
    const schemas = Object.fromEntries(
      Object.entries(renderJsonSchemas()).map(([file, text]) => [file, JSON.parse(text) as JsonSchema]),
    );
    expect(checkSchemas(schemas, schemas, CONTRACT_POLICY)).toEqual({
      schemas: Object.keys(schemas).length,
      compatible: true,
      breaking: [],
      additive: [],
    });
  });
});

describe('the contract policy', () => {
  it('treats topic record schemas as topics and the rest as input documents', () => {
    expect(CONTRACT_POLICY.modeOf('news.articles.v1.json')).toBe('topic');
    expect(CONTRACT_POLICY.modeOf('news.articles.ninjs.v1.json')).toBe('topic');
    expect(CONTRACT_POLICY.modeOf('config.json')).toBe('input');
    expect(CONTRACT_POLICY.modeOf('feed-list.json')).toBe('input');
  });

  it('names only enums that exist in the current schemas', () => {
    const schemas = Object.fromEntries(
      Object.entries(renderJsonSchemas()).map(([file, text]) => [file, JSON.parse(text) as JsonSchema]),
    );
    for (const [file, paths] of Object.entries(OPEN_ENUMS)) {
      // An enum at a listed path shows up as a change there once a value is added to every enum.
      const found = new Set(
        diffSchemas(schemas[file]!, growEnums(schemas[file]!)).map((c) => `${c.path} ${c.change}`),
      );
      for (const path of paths)
        expect(
          [...found].some((f) => f.startsWith(`${path} enum-`)),
          `${file} ${path}`,
        ).toBe(true);
    }
  });
});

/** The schema with a value added to every enum: each enum then reports a change at its path. */
function growEnums(schema: JsonSchema): JsonSchema {
  return JSON.parse(
    JSON.stringify(schema, (key, value: unknown) =>
      key === 'enum' && Array.isArray(value) ? [...value, 'zz-added'] : value,
    ),
  ) as JsonSchema;
}
