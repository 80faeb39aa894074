export { nameKey, latinOf } from './names.js';
export { figuresOf, type Figure, type FigureKind } from './figures.js';
export { datesOf, type NamedDate } from './dates.js';
export { officesOf, OFFICES, type OfficeEntry, type OfficeMention } from './lexicon.js';
export {
  StorySigner,
  type Item,
  type NameKind,
  type PlaceTerms,
  type StorySignature,
  type StoryTags,
  type StoryText,
} from './signature.js';
export {
  compareStories,
  LINK_THRESHOLD,
  MIN_SPECIFIC,
  STORY_WINDOW_MS,
  type SharedItem,
  type StoryComparison,
} from './match.js';
export {
  decodeStory,
  encodeStory,
  MAX_KEY_ITEMS,
  MAX_KEY_STATES,
  STORY_BUCKET_MS,
  storyBucket,
  storyKeys,
  storyNeighbour,
  storyPlacement,
} from './keys.js';
