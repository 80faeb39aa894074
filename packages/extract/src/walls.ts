/**
 * Paywalls, registration and consent walls, truncated pages. The text is kept as far as it goes;
 * the flag and its reason say that it is not the whole story.
 */
import type { Block } from './content.js';
import type { PageMetadata } from './metadata.js';
import type { El, PageScan } from './tree.js';

// What walls say, in the languages the normaliser knows best. Only looked for next to the article.
const WALL_TEXT_RE = new RegExp(
  [
    String.raw`(?:subscribe|sign up|log ?in|sign ?in|register)(?: now)? to (?:continue|keep) reading`,
    String.raw`to (?:continue|keep) reading,? (?:please )?(?:subscribe|log ?in|sign ?in|register|become a (?:subscriber|member))`,
    String.raw`(?:this|the rest of this) (?:article|story|content) is (?:only )?(?:available|reserved|exclusive) (?:to|for) (?:subscribers|members|premium)`,
    String.raw`(?:for|to) subscribers only`,
    String.raw`subscriber[- ]exclusive`,
    String.raw`you have reached (?:your|the) (?:limit|maximum) of (?:free )?articles`,
    String.raw`weiterlesen mit|(?:artikel|beitrag) ist (?:nur )?für abonnenten|jetzt abonnieren und weiterlesen`,
    String.raw`réservé aux abonnés|la suite est réservée`,
    String.raw`(?:contenido|artículo) (?:exclusivo|reservado) para (?:suscriptores|socios)`,
    String.raw`только для подписчиков|доступен только подписчикам`,
    String.raw`riservato agli abbonati`,
  ].join('|'),
  'i',
);

function within(el: El, ancestor: El): boolean {
  for (let e: El | null = el; e; e = e.parent) if (e === ancestor) return true;
  return false;
}

export interface WallInput {
  meta: PageMetadata;
  scan: PageScan;
  container: El | null;
  /** Every block of the page (kept or not). */
  blocks: readonly Block[];
  /** Words (benchmark tokens) in the extracted text. */
  words: number;
  /** Words in the JSON-LD articleBody, when there is one and it was not used. */
  ldWords: number;
}

export function wallReason({ meta, scan, container, blocks, words, ldWords }: WallInput): string | null {
  if (meta.notFree) return 'json-ld isAccessibleForFree is false';
  if (meta.wordCount && meta.wordCount >= 150 && words < 0.5 * meta.wordCount)
    return `truncated: ${words} of ${meta.wordCount} words (json-ld wordCount)`;
  if (ldWords >= 150 && words < 0.5 * ldWords)
    return `truncated: ${words} of ${ldWords} words (json-ld articleBody)`;
  const near = container ? (container.parent ?? container) : scan.body;
  for (const m of scan.markers) {
    if (within(m.el, near) || (container && within(container, m.el)))
      return `wall marker next to the article: ${m.name}`;
  }
  for (const b of blocks) {
    if (b.len < 400 && within(b.owner, near) && WALL_TEXT_RE.test(b.text))
      return `wall text next to the article: "${b.text.slice(0, 80)}"`;
  }
  if (words < 40 && scan.consentMarkers > 0)
    return 'consent wall: no article text, a cookie or consent notice';
  return null;
}
