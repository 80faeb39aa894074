export { articleIdFor, contentHashOf, itemKeyFor, urlIdentity } from './ids.js';
export {
  BANDS,
  PERMUTATIONS,
  ROWS,
  bandKeys,
  decodeSignature,
  encodeSignature,
  estimateSimilarity,
  minhashSignature,
} from './minhash.js';
export {
  decide,
  hasCopySightings,
  pendingClaim,
  type Candidate,
  type CopySightings,
  type DecideOptions,
  type DecisionKind,
  type DedupeDecision,
  type DedupeFacts,
  type DedupeIndex,
  type IndexSnapshot,
  type StoredArticle,
} from './decide.js';
export { MemoryDedupeIndex } from './memory-index.js';
export { dedupeArticle, type SettleOptions } from './step.js';
