export { extractArticle } from './extract.js';
export type {
  ExtractedArticle,
  ExtractOptions,
  ExtractionMethod,
  MetadataField,
  MetadataSource,
} from './extract.js';
export { decodePage, type DecodedPage } from './decode.js';
export { isHtmlPage, itemPageOf, unreadPage, type FetchedPage } from './item-page.js';
