/**
 * Schema evolution: what changed between the released JSON Schema of a document and the current
 * one, and whether that change can break someone. Pure; `pnpm contract:check` runs it over every
 * schema against the last release in packages/contract/released/.
 *
 * Written here rather than taken from npm: the one maintained JSON Schema differ there
 * (json-schema-diff) does not support enum, const, pattern, format or default, which are exactly
 * what our records' evolution turns on, and reports sets of values rather than named changes.
 *
 * Each change has a direction: "narrowed" (something valid before is invalid now: records already
 * on a topic, or documents already written, stop passing), "widened" (something invalid before is
 * valid now: a reader built on the old schema meets values it never expected), or both.
 *
 * - Topic records (`mode: 'topic'`) are read by others, old readers of new records and new readers
 *   of retained records (replays, a consumer that upgraded): any narrowing or widening breaks, except
 *   what the tolerant-reader rule makes safe: a new property that is optional or has a default, an
 *   object that accepts unknown properties, a default given to a property that always had a value.
 * - Input documents (`mode: 'input'`: the config, feed lists, `wirestream enrich` lines) are written
 *   by people and read by wirestream only: what was accepted must stay accepted (narrowing breaks, as
 *   does removing or renaming a property); widening is fine.
 *
 * Only local `$ref`s (`#/...`) are followed; annotations (description, title, examples) are ignored.
 */

export type JsonSchema = boolean | { [keyword: string]: unknown };
export type Direction = 'narrowed' | 'widened' | 'both';
export type CompatMode = 'topic' | 'input';

export type ChangeKind =
  | 'property-removed'
  | 'property-renamed'
  | 'required-property-added'
  | 'optional-property-added'
  | 'property-now-required'
  | 'property-now-optional'
  | 'type-narrowed'
  | 'type-widened'
  | 'enum-value-removed'
  | 'enum-value-added'
  | 'enum-value-renamed'
  | 'enum-added'
  | 'enum-removed'
  | 'constraint-narrowed'
  | 'constraint-widened'
  | 'constraint-changed'
  | 'object-closed'
  | 'object-opened'
  | 'default-added'
  | 'default-removed'
  | 'default-changed'
  | 'union-changed'
  | 'schema-added'
  | 'schema-removed';

export interface SchemaChange {
  /** Where, as a JSON path into the record: `.dedupe.reason`, `.topics[].score`, `.headers{}`. */
  path: string;
  change: ChangeKind;
  direction: Direction;
  detail: string;
}

type Node = Record<string, unknown>;
const TYPES = ['null', 'boolean', 'integer', 'number', 'string', 'array', 'object'] as const;
type JsonType = (typeof TYPES)[number];

/** Changes a topic's readers survive by the tolerant-reader rule; every other change breaks them. */
const TOPIC_SAFE: ReadonlySet<ChangeKind> = new Set([
  'schema-added',
  'optional-property-added',
  'object-opened',
  'default-added',
]);

/**
 * Whether a change breaks the readers (mode `topic`) or the writers (mode `input`) of a document.
 * `openEnum`: the enum at the change's path is documented as open (readers must expect values they
 * do not know), so a value added to it is additive.
 */
export function isBreaking(change: SchemaChange, mode: CompatMode, openEnum = false): boolean {
  if (mode === 'topic')
    return !(TOPIC_SAFE.has(change.change) || (openEnum && change.change === 'enum-value-added'));
  // A changed default changes behaviour, not what is accepted: a config default may move.
  if (change.change === 'default-changed') return false;
  return (
    change.direction !== 'widened' ||
    change.change === 'property-removed' ||
    change.change === 'property-renamed' ||
    change.change === 'schema-removed'
  );
}

const show = (value: unknown): string => JSON.stringify(value);
const equalJson = (a: unknown, b: unknown): boolean => show(strip(a)) === show(strip(b));

const ANNOTATIONS = new Set(['description', 'title', 'examples', '$comment', '$schema', 'id', '$id']);
/** A schema without annotations, for telling a renamed property by its unchanged schema. */
function strip(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strip);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([k]) => !ANNOTATIONS.has(k))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, strip(v)]),
  );
}

class Comparer {
  readonly changes: SchemaChange[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly releasedRoot: JsonSchema,
    private readonly currentRoot: JsonSchema,
  ) {}

  add(path: string, change: ChangeKind, direction: Direction, detail: string): void {
    this.changes.push({ path: path || '(root)', change, direction, detail });
  }

  /** The schema a `$ref` points to (its sibling keywords kept); the schema itself when it is none. */
  deref(schema: JsonSchema, side: 'released' | 'current'): Node | boolean {
    const root = side === 'released' ? this.releasedRoot : this.currentRoot;
    let node: JsonSchema = schema;
    for (let hops = 0; typeof node === 'object' && typeof node.$ref === 'string'; hops++) {
      const ref = node.$ref as string;
      if (!ref.startsWith('#') || hops > 32) throw new Error(`unsupported $ref ${ref}`);
      const target = ref
        .slice(1)
        .split('/')
        .filter(Boolean)
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<unknown>((at, key) => (at as Node | undefined)?.[key], root);
      if (target === undefined) throw new Error(`$ref ${ref} points nowhere`);
      const { $ref: _ref, ...siblings } = node;
      node = { ...(target as Node), ...siblings };
    }
    return node;
  }

  compare(released: JsonSchema, current: JsonSchema, path: string): void {
    // Only a $ref can lead back to where the walk has been: each pair of them is compared once.
    const refOf = (s: JsonSchema) => (typeof s === 'object' && typeof s.$ref === 'string' ? s.$ref : '');
    if (refOf(released) || refOf(current)) {
      const key = `${refOf(released)}\u0000${refOf(current)}`;
      if (this.seen.has(key)) return;
      this.seen.add(key);
    }
    const r = this.deref(released, 'released');
    const c = this.deref(current, 'current');
    if (typeof r === 'boolean' || typeof c === 'boolean') {
      if (r === c) return;
      if (r === false || c === true) this.add(path, 'type-widened', 'widened', `${show(r)} → ${show(c)}`);
      else this.add(path, 'type-narrowed', 'narrowed', `${show(r)} → ${show(c)}`);
      return;
    }
    this.compareDefault(r, c, path);
    this.compareTypes(this.branches(r, 'released'), this.branches(c, 'current'), path);
  }

  /** The alternatives of a schema by JSON type: `type` (one or a list), `const`, `enum`, `anyOf`/`oneOf`. */
  private branches(schema: Node, side: 'released' | 'current'): Map<JsonType, Node[]> {
    const out = new Map<JsonType, Node[]>();
    const push = (type: JsonType, node: Node) => out.set(type, [...(out.get(type) ?? []), node]);
    const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
    if (alternatives) {
      for (const alternative of alternatives) {
        const node = this.deref(alternative, side);
        if (node === true) for (const t of TYPES) push(t, {});
        if (typeof node === 'boolean') continue;
        for (const [type, nodes] of this.branches(node, side)) nodes.forEach((n) => push(type, n));
      }
      return out;
    }
    const values = 'const' in schema ? [schema.const] : (schema.enum as unknown[] | undefined);
    const declared = schema.type === undefined ? undefined : [schema.type as JsonType | JsonType[]].flat();
    const types = declared ?? (values ? [...new Set(values.map(typeOfValue))] : [...TYPES]);
    for (const type of types) push(type, schema);
    return out;
  }

  private compareDefault(r: Node, c: Node, path: string): void {
    if (!('default' in r) && !('default' in c)) return;
    if (!('default' in c))
      this.add(path, 'default-removed', 'narrowed', `default ${show(r.default)} removed`);
    else if (!('default' in r))
      this.add(path, 'default-added', 'widened', `default ${show(c.default)} added`);
    else if (!equalJson(r.default, c.default))
      this.add(path, 'default-changed', 'both', `default ${show(r.default)} → ${show(c.default)}`);
  }

  private compareTypes(r: Map<JsonType, Node[]>, c: Map<JsonType, Node[]>, path: string): void {
    for (const [type, rs] of r) {
      // integer and number: one widens or narrows the other, and their bounds still compare.
      const as: JsonType | undefined = c.has(type)
        ? type
        : type === 'integer' && c.has('number')
          ? 'number'
          : type === 'number' && c.has('integer')
            ? 'integer'
            : undefined;
      if (!as) {
        this.add(path, 'type-narrowed', 'narrowed', `${type} no longer allowed`);
        continue;
      }
      if (as !== type)
        this.add(
          path,
          as === 'number' ? 'type-widened' : 'type-narrowed',
          as === 'number' ? 'widened' : 'narrowed',
          `${type} → ${as}`,
        );
      const cs = c.get(as)!;
      if (rs.length !== cs.length) {
        this.add(path, 'union-changed', 'both', `${rs.length} → ${cs.length} alternatives of type ${type}`);
        continue;
      }
      rs.forEach((rb, i) => this.compareFacets(rb, cs[i]!, as === 'integer' ? 'number' : as, path));
    }
    for (const type of c.keys()) {
      const known =
        r.has(type) || (type === 'number' && r.has('integer')) || (type === 'integer' && r.has('number'));
      if (!known) this.add(path, 'type-widened', 'widened', `${type} now allowed`);
    }
  }

  private compareFacets(r: Node, c: Node, type: JsonType, path: string): void {
    compareEnum(this, r, c, type, path);
    if (type === 'string') {
      compareKeyword(this, r, c, 'pattern', path);
      compareKeyword(this, r, c, 'format', path);
      compareBound(this, r, c, 'minLength', 'min', path);
      compareBound(this, r, c, 'maxLength', 'max', path);
    } else if (type === 'number' || type === 'integer') {
      compareNumberRange(this, r, c, path);
      compareKeyword(this, r, c, 'multipleOf', path);
    } else if (type === 'array') {
      compareBound(this, r, c, 'minItems', 'min', path);
      compareBound(this, r, c, 'maxItems', 'max', path);
      if (r.items !== undefined || c.items !== undefined)
        this.compare((r.items ?? true) as JsonSchema, (c.items ?? true) as JsonSchema, `${path}[]`);
    } else if (type === 'object') {
      compareObject(this, r, c, path);
    }
  }
}

function typeOfValue(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

function enumValues(schema: Node, type: JsonType): unknown[] | null {
  const values = 'const' in schema ? [schema.const] : (schema.enum as unknown[] | undefined);
  if (!values) return null;
  return values.filter((v) => {
    const t = typeOfValue(v);
    return t === type || (type === 'number' && t === 'integer');
  });
}

function compareEnum(comparer: Comparer, r: Node, c: Node, type: JsonType, path: string): void {
  const rv = enumValues(r, type);
  const cv = enumValues(c, type);
  if (!rv && !cv) return;
  if (!rv) return comparer.add(path, 'enum-added', 'narrowed', `now only ${cv!.map(show).join(', ')}`);
  if (!cv) return comparer.add(path, 'enum-removed', 'widened', `no longer only ${rv.map(show).join(', ')}`);
  const removed = rv.filter((v) => !cv.some((w) => equalJson(v, w)));
  const added = cv.filter((v) => !rv.some((w) => equalJson(v, w)));
  if (removed.length === 1 && added.length === 1)
    return comparer.add(path, 'enum-value-renamed', 'both', `${show(removed[0])} → ${show(added[0])}`);
  for (const v of removed) comparer.add(path, 'enum-value-removed', 'narrowed', `${show(v)} removed`);
  for (const v of added) comparer.add(path, 'enum-value-added', 'widened', `${show(v)} added`);
}

function compareKeyword(comparer: Comparer, r: Node, c: Node, keyword: string, path: string): void {
  const before = r[keyword];
  const after = c[keyword];
  if (equalJson(before, after)) return;
  const what = `${keyword} ${before === undefined ? '(none)' : show(before)} → ${after === undefined ? '(none)' : show(after)}`;
  if (before === undefined) comparer.add(path, 'constraint-narrowed', 'narrowed', what);
  else if (after === undefined) comparer.add(path, 'constraint-widened', 'widened', what);
  else comparer.add(path, 'constraint-changed', 'both', what);
}

function compareBound(
  comparer: Comparer,
  r: Node,
  c: Node,
  keyword: string,
  side: 'min' | 'max',
  path: string,
): void {
  const none = side === 'min' ? -Infinity : Infinity;
  const before = (r[keyword] as number | undefined) ?? none;
  const after = (c[keyword] as number | undefined) ?? none;
  if (before === after) return;
  const tighter = side === 'min' ? after > before : after < before;
  const what = `${keyword} ${before} → ${after}`;
  comparer.add(
    path,
    tighter ? 'constraint-narrowed' : 'constraint-widened',
    tighter ? 'narrowed' : 'widened',
    what,
  );
}

/** Lower and upper bound with their exclusiveness, in draft 2020-12 and draft-07 spelling alike. */
function range(schema: Node): { lo: number; loEx: boolean; hi: number; hiEx: boolean } {
  const exMin = schema.exclusiveMinimum;
  const exMax = schema.exclusiveMaximum;
  let lo = (schema.minimum as number | undefined) ?? -Infinity;
  let loEx = false;
  if (typeof exMin === 'number' && exMin >= lo) [lo, loEx] = [exMin, true];
  else if (exMin === true) loEx = true;
  let hi = (schema.maximum as number | undefined) ?? Infinity;
  let hiEx = false;
  if (typeof exMax === 'number' && exMax <= hi) [hi, hiEx] = [exMax, true];
  else if (exMax === true) hiEx = true;
  return { lo, loEx, hi, hiEx };
}

function compareNumberRange(comparer: Comparer, r: Node, c: Node, path: string): void {
  const a = range(r);
  const b = range(c);
  const bound = (v: number, ex: boolean, side: string) =>
    Number.isFinite(v) ? `${side}${ex ? '' : '='} ${v}` : 'none';
  const loWas = bound(a.lo, a.loEx, '>');
  const loNow = bound(b.lo, b.loEx, '>');
  if (loWas !== loNow) {
    const narrower = b.lo > a.lo || (b.lo === a.lo && b.loEx && !a.loEx);
    comparer.add(
      path,
      narrower ? 'constraint-narrowed' : 'constraint-widened',
      narrower ? 'narrowed' : 'widened',
      `minimum ${loWas} → ${loNow}`,
    );
  }
  const hiWas = bound(a.hi, a.hiEx, '<');
  const hiNow = bound(b.hi, b.hiEx, '<');
  if (hiWas !== hiNow) {
    const narrower = b.hi < a.hi || (b.hi === a.hi && b.hiEx && !a.hiEx);
    comparer.add(
      path,
      narrower ? 'constraint-narrowed' : 'constraint-widened',
      narrower ? 'narrowed' : 'widened',
      `maximum ${hiWas} → ${hiNow}`,
    );
  }
}

const hasDefault = (schema: unknown): boolean =>
  !!schema && typeof schema === 'object' && 'default' in schema;

function compareObject(comparer: Comparer, r: Node, c: Node, path: string): void {
  const rp = (r.properties ?? {}) as Record<string, JsonSchema>;
  const cp = (c.properties ?? {}) as Record<string, JsonSchema>;
  const rq = new Set((r.required ?? []) as string[]);
  const cq = new Set((c.required ?? []) as string[]);
  const removed = Object.keys(rp).filter((k) => !(k in cp));
  const added = Object.keys(cp).filter((k) => !(k in rp));
  const renamed = removed.length === 1 && added.length === 1 && equalJson(rp[removed[0]!], cp[added[0]!]);
  if (renamed) comparer.add(`${path}.${removed[0]}`, 'property-renamed', 'both', `renamed to ${added[0]}`);
  else for (const k of removed) comparer.add(`${path}.${k}`, 'property-removed', 'both', `${k} removed`);
  for (const k of renamed ? [] : added) {
    const required = cq.has(k) && !hasDefault(cp[k]);
    comparer.add(
      `${path}.${k}`,
      required ? 'required-property-added' : 'optional-property-added',
      required ? 'narrowed' : 'widened',
      required
        ? `new required property ${k}, without a default`
        : `new ${cq.has(k) ? 'property' : 'optional property'} ${k}${cq.has(k) ? ' (with a default)' : ''}`,
    );
  }
  for (const k of Object.keys(rp).filter((key) => key in cp)) {
    if (!rq.has(k) && cq.has(k) && !hasDefault(cp[k]))
      comparer.add(`${path}.${k}`, 'property-now-required', 'narrowed', `${k} is now required`);
    if (rq.has(k) && !cq.has(k))
      comparer.add(`${path}.${k}`, 'property-now-optional', 'widened', `${k} may now be left out`);
    comparer.compare(rp[k]!, cp[k]!, `${path}.${k}`);
  }
  compareAdditional(comparer, r, c, path);
}

function compareAdditional(comparer: Comparer, r: Node, c: Node, path: string): void {
  const before = (r.additionalProperties ?? true) as JsonSchema;
  const after = (c.additionalProperties ?? true) as JsonSchema;
  const closed = (s: JsonSchema) => s === false;
  if (closed(before) && !closed(after))
    comparer.add(path, 'object-opened', 'widened', 'unknown properties now accepted');
  else if (!closed(before) && closed(after))
    comparer.add(path, 'object-closed', 'narrowed', 'unknown properties now rejected');
  else if (!closed(before) && !equalJson(before, after)) comparer.compare(before, after, `${path}{}`);
  if (r.propertyNames !== undefined || c.propertyNames !== undefined)
    comparer.compare(
      (r.propertyNames ?? true) as JsonSchema,
      (c.propertyNames ?? true) as JsonSchema,
      `${path}{key}`,
    );
}

/** Every change from `released` to `current`, two JSON Schema documents (their roots). */
export function diffSchemas(released: JsonSchema, current: JsonSchema): SchemaChange[] {
  const comparer = new Comparer(released, current);
  comparer.compare(released, current, '');
  return comparer.changes;
}

export interface SchemaFinding extends SchemaChange {
  /** The schema file, e.g. news.articles.v1.json. */
  schema: string;
}

export interface ContractReport {
  /** Schemas compared: every current one, and every released one that is gone. */
  schemas: number;
  compatible: boolean;
  breaking: SchemaFinding[];
  additive: SchemaFinding[];
}

/**
 * Compares every current schema with its released version (by file name). A released schema that
 * is gone breaks whoever used it; a new one is additive.
 */
export interface CompatPolicy {
  modeOf(file: string): CompatMode;
  /** Whether the enum at `path` of `file` is documented as open. */
  isOpenEnum(file: string, path: string): boolean;
}

export function checkSchemas(
  released: Record<string, JsonSchema>,
  current: Record<string, JsonSchema>,
  policy: CompatPolicy,
): ContractReport {
  const breaking: SchemaFinding[] = [];
  const additive: SchemaFinding[] = [];
  const files = [...new Set([...Object.keys(released), ...Object.keys(current)])].sort();
  for (const schema of files) {
    const before = released[schema];
    const after = current[schema];
    const changes: SchemaChange[] =
      before === undefined
        ? [{ path: '(root)', change: 'schema-added', direction: 'widened', detail: 'new schema' }]
        : after === undefined
          ? [{ path: '(root)', change: 'schema-removed', direction: 'both', detail: 'schema removed' }]
          : diffSchemas(before, after);
    for (const change of changes) {
      const broken = isBreaking(change, policy.modeOf(schema), policy.isOpenEnum(schema, change.path));
      (broken ? breaking : additive).push({ schema, ...change });
    }
  }
  return { schemas: files.length, compatible: breaking.length === 0, breaking, additive };
}
