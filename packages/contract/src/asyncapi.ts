/**
 * The AsyncAPI 3.0 document of every topic, built from the topic registry (topics.ts) and the zod
 * schemas: channels with their Kafka bindings (partitions, retention, largest record), keys, headers,
 * the delivery guarantee, payload schemas and example messages. `pnpm schemas:generate` writes it to
 * packages/contract/asyncapi.yaml (after the official parser accepted it) and its Markdown rendering
 * (asyncapi-markdown.ts) to docs/asyncapi.md; a test fails when either is stale.
 */
import { z } from 'zod';
import { stringify } from 'yaml';
import { EXAMPLES } from './examples.js';
import { TOPICS, topicHeaders, type TopicSpec } from './topics.js';
import { CONTRACT_VERSION } from './version.js';

export type Json = Record<string, unknown>;

const KAFKA_BINDING_VERSION = '0.5.0';

/** The id, title and description a zod schema was given with `.meta()`. */
export function schemaMeta(schema: z.ZodType): { id: string; title: string; description: string } {
  const meta = (z.globalRegistry.get(schema) ?? {}) as { id?: string; title?: string; description?: string };
  if (!meta.id)
    throw new Error('every topic schema needs .meta({ id }) to be named in the AsyncAPI document');
  return { id: meta.id, title: meta.title ?? meta.id, description: meta.description ?? '' };
}

/**
 * JSON Schema draft-07 (the AsyncAPI schema format is a superset of it) of `schema`, its named parts
 * moved to components.schemas (shared: the article inside a duplicate is the article schema).
 */
function componentSchema(schema: z.ZodType, schemas: Record<string, Json>): Json {
  const generated = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'draft-7' });
  const text = JSON.stringify(generated).replaceAll('"#/definitions/', '"#/components/schemas/');
  const {
    $schema: _dialect,
    definitions = {},
    ...root
  } = JSON.parse(text) as Json & {
    definitions?: Record<string, Json>;
  };
  for (const [id, definition] of Object.entries(definitions)) {
    const known = schemas[id];
    if (known && JSON.stringify(known) !== JSON.stringify(definition))
      throw new Error(`two different schemas are named ${id}`);
    schemas[id] = definition;
  }
  return root;
}

const DAY_MS = 86_400_000;
const retention = (ms: number): string => (ms % DAY_MS === 0 ? `${ms / DAY_MS} d` : `${ms} ms`);

/** What a reader of the topic can count on, as a machine-readable extension and as text. */
export function deliveryOf(spec: TopicSpec): Json {
  return spec.delivery === 'transactional'
    ? {
        guarantee: 'exactly-once',
        isolationLevel: 'read_committed',
        idempotenceKey: 'id + revision',
        note: 'Written in Kafka transactions with the consumed input offsets; a read_committed reader sees each record once (kafkajs readers: apply patches/kafkajs@2.2.4.patch). With enricher.delivery at-least-once, and for what replay jobs publish: at least once, keyed by id and revision.',
      }
    : {
        guarantee: 'at-least-once',
        isolationLevel: 'read_committed',
        idempotenceKey: spec.name === 'news.dlq.v1' ? null : 'the record key',
        note: 'Written by an idempotent producer (acks=all): no duplicates from retries, but a record can be published again after a failure.',
      };
}

function channelOf(spec: TopicSpec, messageId: string): Json {
  const delivery = deliveryOf(spec);
  return {
    address: spec.name,
    title: spec.name,
    summary: spec.description,
    description:
      `Key: ${spec.key}. ${spec.partitions} partitions, retention ${retention(spec.retentionMs)}, records up to ` +
      `${spec.maxMessageBytes / 1024 / 1024} MiB. Delivery: ${String(delivery.guarantee)}; read with ` +
      `isolation.level=read_committed. A deployment's KAFKA_TOPIC_PREFIX goes before the address.`,
    messages: { [messageId]: { $ref: `#/components/messages/${messageId}` } },
    bindings: {
      kafka: {
        topic: spec.name,
        partitions: spec.partitions,
        topicConfiguration: {
          'cleanup.policy': ['delete'],
          'retention.ms': spec.retentionMs,
          'max.message.bytes': spec.maxMessageBytes,
        },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
    'x-ws-delivery': delivery,
  };
}

function messageOf(spec: TopicSpec, schemas: Record<string, Json>): Json {
  const { id, title, description } = schemaMeta(spec.schema);
  const examples = EXAMPLES[id];
  if (!examples?.length) throw new Error(`no example record for ${id} (packages/contract/src/examples.ts)`);
  return {
    name: id,
    title,
    summary: description,
    contentType: 'application/json',
    headers: componentSchema(topicHeaders(spec), schemas),
    payload: componentSchema(spec.schema, schemas),
    bindings: {
      kafka: { key: { type: 'string', description: spec.key }, bindingVersion: KAFKA_BINDING_VERSION },
    },
    examples: examples.map((e) => ({
      name: e.name,
      summary: e.summary,
      headers: e.headers,
      payload: e.payload,
    })),
  };
}

// One line per paragraph or list item: the YAML keeps them as they are.
const INFO_DESCRIPTION = [
  'The Kafka topics wirestream publishes: raw feed items and documents, enriched articles (one stream for all, one per topic and one per IPTC subject), their IPTC ninjs projection, duplicates and dead letters. Generated from the topic registry (packages/contract/src/topics.ts) and the zod schemas of packages/contract; JSON Schema (draft 2020-12) of every record: packages/contract/json-schema/.',
  '',
  '- Values are UTF-8 JSON, keys UTF-8 strings; every record carries `content-type` and `ws-schema` headers, and `schemaVersion` in the value.',
  "- The enricher's outputs are written in Kafka transactions: read with `isolation.level=read_committed` (readers on kafkajs 2.2.4 need patches/kafkajs@2.2.4.patch). Process idempotently by `id` + `revision`.",
  '- Readers ignore fields and headers they do not know: a new optional field is an additive change. A change that could break a reader of a `.v1` topic gets a new topic version instead; `pnpm contract:check` enforces that against the last release (docs/consumers.md, schema evolution).',
  "- A deployment's `KAFKA_TOPIC_PREFIX` goes before every address.",
].join('\n');

/** The AsyncAPI 3.0 document of every topic in the registry, as a plain object. */
export function buildAsyncApi(): Json {
  const schemas: Record<string, Json> = {};
  const messages: Record<string, Json> = {};
  const channels: Record<string, Json> = {};
  const operations: Record<string, Json> = {};
  for (const spec of TOPICS) {
    const messageId = schemaMeta(spec.schema).id;
    messages[messageId] ??= messageOf(spec, schemas);
    channels[spec.name] = channelOf(spec, messageId);
    operations[`publish.${spec.name}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${spec.name}` },
      title: `Publish to ${spec.name}`,
      summary: spec.description,
      messages: [{ $ref: `#/channels/${spec.name}/messages/${messageId}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: { title: 'wirestream topics', version: CONTRACT_VERSION, description: INFO_DESCRIPTION },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description:
          'The single-node broker of `pnpm kafka:up` and `pnpm start`; KAFKA_BROKERS names the brokers of a deployment.',
      },
    },
    channels,
    operations,
    components: { schemas: Object.fromEntries(Object.entries(schemas).sort()), messages },
  };
}

const YAML_HEADER = `# AsyncAPI 3.0 contract of every wirestream topic. Generated by \`pnpm schemas:generate\` from the
# topic registry and the zod schemas in packages/contract/src: do not edit by hand.
`;

/** The document as checked in at packages/contract/asyncapi.yaml. */
export function renderAsyncApiYaml(doc: Json = buildAsyncApi()): string {
  return (
    YAML_HEADER +
    stringify(doc, {
      aliasDuplicateObjects: false,
      lineWidth: 0,
      blockQuote: 'literal',
      // YAML 1.1 rules for quoting: no reader takes an example's timestamp string for a date.
      version: '1.1',
    })
  );
}
