export { extractArticle } from './extract.js';
export type {
  ExtractedArticle,
  ExtractOptions,
  ExtractionMethod,
  MetadataField,
  MetadataSource,
} from './extract.js';
