export { createTagger, type TaggerOptions } from './tagger.js';
export {
  loadTagger,
  loadGazetteer,
  taxonomyVersionOf,
  DEFAULT_TAXONOMY_PATH,
  DEFAULT_GAZETTEER_DIR,
  GAZETTEER_FILES,
} from './load.js';
export { parseTaxonomy, Taxonomy, TopicDefinition, LanguageRules } from './taxonomy.js';
export { parseGazetteer, Gazetteer, CountryEntry, PersonEntry, OrganizationEntry } from './gazetteer.js';
export type { GazetteerFiles } from './gazetteer.js';
export type { Tagger, TaggingInput, TaggingResult, TopicWeights } from './types.js';
export { stem, stemName, type Lang } from './stem.js';
