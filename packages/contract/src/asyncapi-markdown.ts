/**
 * docs/asyncapi.md: the AsyncAPI document (asyncapi.ts) rendered as Markdown, for readers without an
 * AsyncAPI viewer: a table of every channel, then each message with its key, headers, the fields of
 * its payload (two levels deep) and its example. Generated with the YAML by `pnpm schemas:generate`.
 */
import type { Json } from './asyncapi.js';

type Schema = Json & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
  description?: string;
  default?: unknown;
};

const refName = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1);
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');

function resolve(schema: Schema, schemas: Record<string, Schema>): Schema {
  return schema.$ref ? resolve(schemas[refName(schema.$ref)] ?? {}, schemas) : schema;
}

/** A short type: `string`, `"a" \| "b" \| null`, `array of object`, `news.articles.v1`. */
function typeOf(schema: Schema, schemas: Record<string, Schema>): string {
  if (schema.$ref) return `\`${refName(schema.$ref)}\``;
  if (schema.anyOf) return schema.anyOf.map((s) => typeOf(s, schemas)).join(' or ');
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ');
  const types = [schema.type ?? 'any'].flat();
  return types
    .map((t) => (t === 'array' && schema.items ? `array of ${typeOf(schema.items, schemas)}` : t))
    .join(' or ');
}

/** The object fields of a schema at `prefix`, and those of its objects and arrays of objects, to `depth`. */
function fieldRows(schema: Schema, schemas: Record<string, Schema>, prefix = '', depth = 2): string[] {
  const object = resolve(schema, schemas);
  const rows: string[] = [];
  for (const [name, raw] of Object.entries(object.properties ?? {})) {
    const required = object.required?.includes(name) ? 'yes' : 'no';
    const description = raw.description ?? resolve(raw, schemas).description ?? '';
    rows.push(
      `| \`${prefix}${name}\` | ${cell(typeOf(raw, schemas))} | ${required} | ${cell(description)} |`,
    );
    const inner = resolve(raw.anyOf?.find((s) => s.type !== 'null') ?? raw, schemas);
    const nested = inner.type === 'array' && inner.items ? resolve(inner.items, schemas) : inner;
    if (depth > 1 && !raw.$ref && nested.properties)
      rows.push(...fieldRows(nested, schemas, `${prefix}${name}${nested === inner ? '' : '[]'}.`, depth - 1));
  }
  return rows;
}

function channelTable(doc: Json): string[] {
  const channels = doc.channels as Record<string, Json>;
  const rows = Object.values(channels).map((channel) => {
    const kafka = (channel.bindings as { kafka: Json }).kafka;
    const config = kafka.topicConfiguration as Record<string, number>;
    const delivery = channel['x-ws-delivery'] as Json;
    const message = Object.keys(channel.messages as Json)[0]!;
    return `| \`${String(channel.address)}\` | ${String(kafka.partitions)} | ${config['retention.ms']! / 86_400_000} d | ${config['max.message.bytes']! / 1_048_576} MiB | ${String(delivery.guarantee)} | [${message}](#${message.replace(/\./g, '')}) | ${cell(String(channel.summary))} |`;
  });
  return [
    '| topic | partitions | retention | largest record | delivery | message | records |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ];
}

function messageSection(
  id: string,
  message: Json,
  schemas: Record<string, Schema>,
  topics: string[],
): string[] {
  const key = ((message.bindings as { kafka: { key: Schema } }).kafka.key.description ?? '') as string;
  const headers = message.headers as Schema;
  const examples = message.examples as Array<{
    name: string;
    summary: string;
    headers: Json;
    payload: unknown;
  }>;
  return [
    `### ${id}`,
    '',
    `**${String(message.title)}**: ${String(message.summary)}. Topics: ${topics.map((t) => `\`${t}\``).join(', ')}.`,
    '',
    `Key: ${key}. Payload: \`application/json\`, JSON Schema [\`json-schema/${id}.json\`](../packages/contract/json-schema/${id}.json).`,
    '',
    '| header | type | required | description |',
    '| --- | --- | --- | --- |',
    ...fieldRows(headers, schemas, '', 1),
    '',
    '| field | type | required | description |',
    '| --- | --- | --- | --- |',
    ...fieldRows(message.payload as Schema, schemas),
    '',
    ...examples.flatMap((e) => [
      `Example \`${e.name}\` (${e.summary}), headers ${Object.entries(e.headers)
        .map(([k, v]) => `\`${k}: ${v}\``)
        .join(', ')}:`,
      '',
      '```json',
      JSON.stringify(e.payload, null, 2),
      '```',
      '',
    ]),
  ];
}

/** The Markdown page of the document, as checked in at docs/asyncapi.md. */
export function renderAsyncApiMarkdown(doc: Json): string {
  const info = doc.info as Json;
  const components = doc.components as { schemas: Record<string, Schema>; messages: Record<string, Json> };
  const channels = Object.values(doc.channels as Record<string, Json>);
  const topicsOf = (id: string) =>
    channels.filter((c) => Object.keys(c.messages as Json)[0] === id).map((c) => String(c.address));
  return [
    '# Topics: the AsyncAPI contract',
    '',
    `<!-- Generated by \`pnpm schemas:generate\` from packages/contract (the topic registry and the zod schemas); do not edit. -->`,
    '',
    `[\`packages/contract/asyncapi.yaml\`](../packages/contract/asyncapi.yaml) is the AsyncAPI ${String(doc.asyncapi)} document of every topic (contract version ${String(info.version)}), checked by the official AsyncAPI parser in the tests and in CI. This page renders it. How the contract may change: [consumers](consumers.md#schema-evolution).`,
    '',
    String(info.description),
    '',
    '## Channels',
    '',
    ...channelTable(doc),
    '',
    'Exactly-once: written in Kafka transactions together with the offsets of the raw records they came from; a reader with `isolation.level=read_committed` sees each record once (kafkajs readers: apply `patches/kafkajs@2.2.4.patch`). With `enricher.delivery: at-least-once`, and for what replay jobs publish, a record may come again with the same key, `id` and `revision`. At-least-once: an idempotent producer; a record can be published again after a failure.',
    '',
    '## Messages',
    '',
    ...Object.entries(components.messages).flatMap(([id, message]) =>
      messageSection(id, message, components.schemas, topicsOf(id)),
    ),
  ]
    .join('\n')
    .replace(/\n+$/, '\n');
}
