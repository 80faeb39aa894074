import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DiagnosticSeverity, Parser, type AsyncAPIDocumentInterface } from '@asyncapi/parser';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaMeta } from './asyncapi.js';
import { EXAMPLES } from './examples.js';
import { ASYNCAPI_FILE, renderGeneratedFiles } from './generated.js';
import { JSON_SCHEMA_SOURCES } from './json-schema.js';
import { TOPICS } from './topics.js';
import { validate } from './validate.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const addFormats = formats as unknown as (ajv: Ajv | Ajv2020) => void;

describe('generated contract files', () => {
  it('are what the source renders (run `pnpm schemas:generate` after changing a schema or a topic)', () => {
    for (const [path, text] of Object.entries(renderGeneratedFiles()))
      expect(readFileSync(`${root}${path}`, 'utf8'), path).toBe(text);
  });
});

describe('the AsyncAPI document, as the official parser reads it', () => {
  let document: AsyncAPIDocumentInterface;

  beforeAll(async () => {
    const parsed = await new Parser().parse(readFileSync(`${root}${ASYNCAPI_FILE}`, 'utf8'));
    const errors = parsed.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    expect(errors.map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`)).toEqual([]);
    expect(parsed.document).toBeDefined();
    document = parsed.document!;
  });

  it('is AsyncAPI 3.0 with one channel and one send operation per registry topic', () => {
    expect(document.version()).toBe('3.0.0');
    expect(
      document
        .channels()
        .all()
        .map((c) => c.address()),
    ).toEqual(TOPICS.map((t) => t.name));
    for (const spec of TOPICS) {
      const operation = document.operations().get(`publish.${spec.name}`);
      expect(operation?.action(), spec.name).toBe('send');
      expect(
        operation
          ?.channels()
          .all()
          .map((c) => c.address()),
      ).toEqual([spec.name]);
    }
  });

  it('gives each channel its key, partitions, retention, largest record and delivery guarantee', () => {
    for (const spec of TOPICS) {
      const channel = document.channels().get(spec.name)!;
      const kafka = channel.bindings().get('kafka')!.value() as {
        partitions: number;
        topicConfiguration: Record<string, unknown>;
      };
      expect(kafka.partitions, spec.name).toBe(spec.partitions);
      expect(kafka.topicConfiguration['retention.ms']).toBe(spec.retentionMs);
      expect(kafka.topicConfiguration['max.message.bytes']).toBe(spec.maxMessageBytes);
      const delivery = channel.extensions().get('x-ws-delivery')!.value() as Record<string, string>;
      expect(delivery.guarantee).toBe(spec.delivery === 'transactional' ? 'exactly-once' : 'at-least-once');
      expect(delivery.isolationLevel).toBe('read_committed');
      const [message] = channel.messages().all();
      expect(message!.id()).toBe(schemaMeta(spec.schema).id);
      const key = message!.bindings().get('kafka')!.value() as { key: { description: string } };
      expect(key.key.description).toBe(spec.key);
    }
  });

  it("has example messages that are valid against their message's payload and headers schemas", () => {
    // The AsyncAPI schema format is a superset of JSON Schema draft-07; x-parser-* annotations are ignored.
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const messages = document.messages().all();
    expect(messages.map((m) => m.id()).sort()).toEqual(Object.keys(EXAMPLES).sort());
    for (const message of messages) {
      const payload = ajv.compile(message.payload()!.json());
      const headers = ajv.compile(message.headers()!.json());
      expect(message.examples().all().length, message.id()).toBeGreaterThan(0);
      for (const example of message.examples().all()) {
        expect(payload(example.payload()), `${message.id()} ${ajv.errorsText(payload.errors)}`).toBe(true);
        expect(headers(example.headers()), `${message.id()} ${ajv.errorsText(headers.errors)}`).toBe(true);
      }
      // And a broken record is refused, so the check above can fail.
      expect(payload({ ...(message.examples().all()[0]!.payload() as object), schemaVersion: 2 })).toBe(
        false,
      );
    }
  });
});

describe('example records', () => {
  const sources = JSON_SCHEMA_SOURCES as Record<
    string,
    (typeof JSON_SCHEMA_SOURCES)[keyof typeof JSON_SCHEMA_SOURCES]
  >;

  it('are complete records as wirestream writes them (zod parses each to itself)', () => {
    for (const [id, examples] of Object.entries(EXAMPLES))
      for (const example of examples)
        expect(validate(sources[`${id}.json`]!, example.payload), id).toEqual(example.payload);
  });

  it('are valid against the checked-in JSON Schema (draft 2020-12)', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const [id, examples] of Object.entries(EXAMPLES)) {
      const check = ajv.compile(
        JSON.parse(readFileSync(`${root}packages/contract/json-schema/${id}.json`, 'utf8')),
      );
      for (const example of examples)
        expect(check(example.payload), `${id} ${ajv.errorsText(check.errors)}`).toBe(true);
    }
  });
});
