/**
 * When the fetcher fetches the article page behind a feed item (the feed's `fullText` policy). Pure.
 * - never: not at all; always: whenever the item links to an http(s) page;
 * - auto (the default): when the feed's own text is shorter than `teaserChars` or reads like a
 *   teaser (it ends with an ellipsis, "[...]" or a "Read more" link).
 */
import type { FeedItem, FeedSource } from '@wirestream/contract';
import { cleanText, htmlToText } from '@wirestream/normalize';

// "…", "...", "[…]", "[...]", "(more)", "Read more", "Continue reading", "Full story" and the like at the very end.
const TEASER_END =
  /(?:…|\.{3}|\[\s*(?:…|\.{3})\s*\]|\(\s*more\s*\)|\b(?:read|see|view)\s+(?:the\s+)?(?:more|full\s+(?:story|article)|rest|on)\b[^.!?]{0,40}|\bcontinue\s+reading\b[^.!?]{0,40}|\bfull\s+(?:story|article)\b[^.!?]{0,20})\s*[»›→>:.]*\s*$/iu;

/** Whether the feed's text of an item reads like a teaser for a longer story. */
export const looksLikeTeaser = (text: string): boolean => TEASER_END.test(text.trim());

/** The item's link when it is an http(s) URL; null otherwise. */
export function pageLink(item: FeedItem): string | null {
  const link = item.link ?? (item.guid && /^https?:\/\//i.test(item.guid) ? item.guid : null);
  if (!link) return null;
  try {
    const url = new URL(link);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** The text the feed itself gives for an item: its content, or else its summary, as plain text. */
export const feedText = (item: FeedItem): string =>
  cleanText(htmlToText(item.contentHtml ?? item.summary ?? ''));

/** Whether the page behind this item is to be fetched, by the feed's policy. */
export function wantsPage(feed: Pick<FeedSource, 'fullText'>, item: FeedItem, teaserChars: number): boolean {
  const policy = feed.fullText ?? 'auto';
  if (policy === 'never' || pageLink(item) === null) return false;
  if (policy === 'always') return true;
  const text = feedText(item);
  return text.length < teaserChars || looksLikeTeaser(text);
}
