export { articleIdFor, contentHashOf, itemKeyFor, storyIdFor, storyRootOf, urlIdentity } from './ids.js';
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
  type StoryCandidate,
  type StoryFacts,
} from './decide.js';
export { MemoryDedupeIndex, MAX_STORY_CANDIDATES, STORY_HOLDERS, storyHour } from './memory-index.js';
export { dedupeArticle, type SettleOptions } from './step.js';
