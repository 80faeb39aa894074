/**
 * The IPTC ninjs 3.1 projection of an enriched article, for newsroom systems that speak ninjs
 * (https://iptc.org/standards/ninjs/). `NinjsArticle` is the part of ninjs 3.1 wirestream writes (every
 * record it describes is a valid ninjs 3.1 document: the tests check that against IPTC's schema);
 * `toNinjs` is the projection. Pure: the enricher publishes its result on news.articles.ninjs.v1 when
 * `enricher.ninjs` is on.
 */
import { z } from 'zod';
import type { ArticleRecord } from './article.js';
import { SUBJECTS } from './subjects.js';

export const NINJS_SCHEMA_URI = 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#';
const MEDIATOPIC_BASE = 'http://cv.iptc.org/newscodes/mediatopic/';

const Text = z.object({
  role: z.string(),
  contentType: z.string(),
  value: z.string(),
});

const Concept = {
  name: z.string(),
  rel: z.string().optional(),
  uri: z.string().optional().describe('A complete URI (RFC 3986)'),
  literal: z.string().optional(),
};

const NinjsSubject = z.object({
  ...Concept,
  creator: z.string().describe('"wirestream": given by its tagger'),
  relevance: z
    .number()
    .int()
    .min(0)
    .max(100)
    .optional()
    .describe(
      "Subjects (literal subject:<slug>): the subject's share of the article's subject evidence, 0-100",
    ),
  confidence: z
    .number()
    .int()
    .min(0)
    .max(100)
    .optional()
    .describe('Topics (literal topic:<slug>): the calibrated confidence that the story is about it, 0-100'),
});

const Rendition = z.object({
  name: z.string(),
  href: z.string().describe('A complete URI (RFC 3986)'),
  contentType: z.string().optional(),
  title: z.string().optional(),
});

const ImageAssociation = z.object({
  name: z.string(),
  uri: z.string().describe('The image URL (RFC 3986)'),
  rel: z.literal('image'),
  type: z.literal('picture'),
  descriptions: z.array(Text).optional().describe('The caption'),
  by: z.string().optional().describe('The credit'),
  renditions: z.array(Rendition),
});

export const NinjsArticle = z
  .object({
    uri: z.string().describe('urn:wirestream:article:<article id>; the same for every revision'),
    standard: z.object({ name: z.literal('ninjs'), version: z.literal('3.1'), schema: z.string() }),
    type: z.literal('text'),
    representationType: z.literal('full'),
    profile: z.literal('wirestream-article'),
    version: z.string().describe('The article revision: "1" on first publication'),
    firstCreated: z.string().describe('publishedAt of the article (UTC)'),
    versionCreated: z.string().describe('fetchedAt of this revision (UTC)'),
    pubStatus: z.literal('usable'),
    language: z.string().optional().describe('ISO 639-1; left out when the language is unknown'),
    headlines: z.array(Text),
    descriptions: z
      .array(Text)
      .optional()
      .describe('The summary (role "summary") and the credit (role "credit")'),
    bodies: z.array(
      Text.extend({ charCount: z.number().int().nonnegative(), wordCount: z.number().int().nonnegative() }),
    ),
    by: z.string().optional().describe('The authors, comma-separated'),
    subjects: z
      .array(NinjsSubject)
      .describe(
        'IPTC Media Topics: the subjects (top level), then the topics, each with its URI http://cv.iptc.org/newscodes/mediatopic/<code>',
      ),
    places: z
      .array(z.object({ ...Concept, literal: z.string().describe('ISO 3166-1 alpha-2 code') }))
      .optional()
      .describe('Countries; rel "about" for a country the story is about, "mentioned" otherwise'),
    people: z.array(z.object(Concept)).optional(),
    organisations: z.array(z.object(Concept)).optional(),
    infoSources: z.array(z.object({ name: z.string(), role: z.string(), literal: z.string() })),
    altIds: z.array(z.object({ role: z.string(), value: z.string() })),
    renditions: z.array(Rendition).optional().describe('The article page (name "web")'),
    associations: z.array(ImageAssociation).optional().describe('The images'),
  })
  .meta({
    id: 'news.articles.ninjs.v1',
    title: 'Article as IPTC ninjs 3.1',
    description:
      'The ninjs 3.1 projection of an enriched article (one record per unique article and revision); valid against IPTC ninjs-schema_3.1.json',
  });
export type NinjsArticle = z.infer<typeof NinjsArticle>;

/** `medtop:20000642` → http://cv.iptc.org/newscodes/mediatopic/20000642; null for anything else. */
export function mediaTopicUri(code: string | null): string | null {
  const m = code === null ? null : /^medtop:(\d{8})$/.exec(code);
  return m ? `${MEDIATOPIC_BASE}${m[1]}` : null;
}

// Characters RFC 3986 allows in a path, query or fragment (with `%` of a valid escape); WHATWG URL
// serialisation lets a few others through (`|`, `^`, `{`, a lone `%`, ...).
const NOT_URI = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]|%(?![0-9A-Fa-f]{2})/g;
const escapeUri = (part: string): string =>
  part.replace(NOT_URI, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/** An http(s) URL as an RFC 3986 URI (credentials dropped); null when it is not one. */
export function webUri(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const hash = u.hash ? `#${escapeUri(u.hash.slice(1)).replace(/#/g, '%23')}` : '';
  return `${u.protocol}//${u.host}${escapeUri(u.pathname)}${escapeUri(u.search)}${hash}`;
}

const percent = (score: number): number => Math.round(Math.min(1, Math.max(0, score)) * 100);
const words = (text: string): number => text.match(/\S+/g)?.length ?? 0;
const subjectLabel = (slug: string): string | undefined => SUBJECTS.find((s) => s.slug === slug)?.label;

function subjectsOf(article: ArticleRecord): NinjsArticle['subjects'] {
  const concept = (slug: string, layer: 'subject' | 'topic', iptc: string | null) => {
    const uri = mediaTopicUri(iptc);
    return {
      name: (layer === 'subject' && subjectLabel(slug)) || slug.replace(/-/g, ' '),
      rel: 'about',
      ...(uri ? { uri } : {}),
      literal: `${layer}:${slug}`,
      creator: 'wirestream',
    };
  };
  return [
    ...article.subjects.map((s) => ({ ...concept(s.slug, 'subject', s.iptc), relevance: percent(s.score) })),
    ...article.topics.map((t) => ({ ...concept(t.slug, 'topic', t.iptc), confidence: percent(t.score) })),
  ];
}

function entitiesOf(article: ArticleRecord): Pick<NinjsArticle, 'places' | 'people' | 'organisations'> {
  const { countries, people, organizations } = article.entities;
  return {
    ...(countries.length > 0
      ? {
          places: countries.map((c) => ({
            name: c.name,
            rel: c.primary ? 'about' : 'mentioned',
            literal: c.code,
          })),
        }
      : {}),
    ...(people.length > 0 ? { people: people.map((p) => ({ name: p.name, rel: 'mentioned' })) } : {}),
    ...(organizations.length > 0
      ? { organisations: organizations.map((o) => ({ name: o.name, rel: 'mentioned', literal: o.id })) }
      : {}),
  };
}

function imagesOf(article: ArticleRecord): NinjsArticle['associations'] {
  const images = article.images.flatMap((image) => {
    const uri = webUri(image.url);
    return uri ? [{ image, uri }] : [];
  });
  return images.map(({ image, uri }, i) => ({
    name: `image-${i + 1}`,
    uri,
    rel: 'image' as const,
    type: 'picture' as const,
    ...(image.caption
      ? { descriptions: [{ role: 'caption', contentType: 'text/plain', value: image.caption }] }
      : {}),
    ...(image.credit ? { by: image.credit } : {}),
    renditions: [{ name: 'original', href: uri, ...(image.type ? { contentType: image.type } : {}) }],
  }));
}

/**
 * One enriched article as a ninjs 3.1 news item: headline, summary and credit, plain-text body,
 * authors, subjects and topics as IPTC Media Topic subjects (URI, relevance or confidence), countries,
 * people and organisations, the agency, ids, the web page and the images. What ninjs has no place
 * for (evidence, bilateral pairs, dedupe verdict) stays on news.articles.v1.
 */
export function toNinjs(article: ArticleRecord): NinjsArticle {
  const descriptions = [
    ...(article.summary ? [{ role: 'summary', contentType: 'text/plain', value: article.summary }] : []),
    ...(article.credit ? [{ role: 'credit', contentType: 'text/plain', value: article.credit }] : []),
  ];
  const page = webUri(article.canonicalUrl);
  const associations = imagesOf(article);
  return {
    uri: `urn:wirestream:article:${encodeURIComponent(article.id)}`,
    standard: { name: 'ninjs', version: '3.1', schema: NINJS_SCHEMA_URI },
    type: 'text',
    representationType: 'full',
    profile: 'wirestream-article',
    version: String(article.revision),
    firstCreated: article.publishedAt,
    versionCreated: article.fetchedAt,
    pubStatus: 'usable',
    ...(article.language && article.language !== 'und' ? { language: article.language } : {}),
    headlines: [{ role: 'main', contentType: 'text/plain', value: article.title }],
    ...(descriptions.length > 0 ? { descriptions } : {}),
    bodies: [
      {
        role: 'main',
        contentType: 'text/plain',
        value: article.body,
        charCount: [...article.body].length,
        wordCount: words(article.body),
      },
    ],
    ...(article.authors.length > 0 ? { by: article.authors.join(', ') } : {}),
    subjects: subjectsOf(article),
    ...entitiesOf(article),
    infoSources: [{ name: article.source.agency, role: 'source', literal: article.source.feedId }],
    altIds: [
      { role: 'wirestream-article-id', value: article.id },
      { role: 'wirestream-story-id', value: article.storyId },
      { role: 'canonical-url', value: article.canonicalUrl },
    ],
    ...(page
      ? { renditions: [{ name: 'web', href: page, contentType: 'text/html', title: article.title }] }
      : {}),
    ...(associations && associations.length > 0 ? { associations } : {}),
  };
}
