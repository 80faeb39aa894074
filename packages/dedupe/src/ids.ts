import { createHash } from 'node:crypto';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

// "http://www.x.example/a" and "https://x.example/a" are the same article on every news site we know;
// one of each pair redirects to the other. The canonical URL keeps both (it must stay a working link,
// and apex domains do not always resolve); only the identity folds them, onto the https form without
// www., so that the ids of such URLs are the ones they had before this folding existed.
const SCHEME_RE = /^https?:\/\//i;
const WWW_RE = /^www\.(?=[^./:]+\.[^/:])/i;

/** The canonical URL that names the document: https, and no leading `www.` label. */
export function urlIdentity(canonicalUrl: string): string {
  return `https://${canonicalUrl.replace(SCHEME_RE, '').replace(WWW_RE, '')}`;
}

/**
 * Stable article id: the canonical URL's identity when there is one (so every feed that links the
 * same page agrees on the id), else the feed's GUID scoped to that feed (GUIDs are only unique per feed).
 */
export function articleIdFor(ref: {
  canonicalUrl: string | null;
  guid: string | null;
  feedId: string;
}): string {
  const basis = ref.canonicalUrl ? urlIdentity(ref.canonicalUrl) : `guid:${ref.feedId}:${ref.guid ?? ''}`;
  return `a-${sha256(basis).slice(0, 24)}`;
}

/** A story is named after its first copy, so all copies share the id of the article that started it. */
export const storyIdFor = (rootArticleId: string): string => `s-${rootArticleId.slice(2)}`;

/** The article a story is named after: the inverse of `storyIdFor`. */
export const storyRootOf = (storyId: string): string => `a-${storyId.slice(2)}`;

/** Key of a feed item: feed id plus GUID, or link when the item has no GUID. */
export function itemKeyFor(feedId: string, identity: string): string {
  return `i-${sha256(`${feedId}\n${identity}`).slice(0, 24)}`;
}

/**
 * Hash of the text a reader would see. Bodies carry the story; very short bodies (teaser-only feeds)
 * are too generic on their own, so then title and summary join in.
 */
export function contentHashOf(normalized: { title: string; summary: string; body: string }): string {
  const basis =
    normalized.body.length >= 200
      ? normalized.body
      : `${normalized.title}\n${normalized.summary}\n${normalized.body}`;
  return `c-${sha256(basis).slice(0, 32)}`;
}

export const hashText = (text: string): string => sha256(text);
