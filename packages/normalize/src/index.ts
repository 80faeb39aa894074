export {
  canonicalizeUrl,
  canonicalizeAssetUrl,
  DEFAULT_TRACKING_PARAMS,
  TRACKING_REF_VALUES,
} from './url.js';
export type { CanonicalUrlOptions } from './url.js';
export {
  htmlToText,
  cleanText,
  normalizeForHash,
  wordsForHash,
  truncateText,
  MAX_TITLE_CHARS,
} from './text.js';
export { stripBoilerplate } from './boilerplate.js';
export { parseDate, resolvePublishedAt } from './dates.js';
export type { PublishedAt } from './dates.js';
export { detectLanguage, normalizeLanguageHint } from './language.js';
export type { LanguageResult } from './language.js';
export { likeliestLanguage } from './function-words.js';
export { imagesFromHtml, imagesFromMedia, mergeImages } from './images.js';
export type { FeedMedia, ImageRef } from './images.js';
export { authorName, cleanAuthors, cleanCategories } from './labels.js';
