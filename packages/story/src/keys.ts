/**
 * Candidate keys and the stored form of a signature. Two reports of one event share specific items
 * (a figure, a time, a name) about the same state; each key is a state and one such item
 * (`AM|48`, `KZ|t14:32`, `PE|RKP`), so a report finds the earlier reports that share any of its
 * strongest items without comparing against every report of the day. Keys are grouped by
 * publication time in buckets twice the story window wide: a report reads its own bucket and the
 * nearer one beside it, so every report within the window is found.
 */
import { STORY_WINDOW_MS } from './match.js';
import type { StorySignature } from './signature.js';

/** Items per report that make keys, strongest first; states per report at most. */
export const MAX_KEY_ITEMS = 10;
export const MAX_KEY_STATES = 2;

const FIGURE_PRIORITY: Record<string, number> = { time: 0, decimal: 1, large: 1, number: 4 };

/** The items that identify an event best, strongest first, ties in key order (deterministic). */
function keyItems(sig: StorySignature): string[] {
  const ranked: Array<[number, string]> = [];
  for (const [key, , kind] of sig.figures) {
    const p = FIGURE_PRIORITY[kind];
    if (p !== undefined) ranked.push([kind === 'number' && Number(key) >= 100 ? 3 : p, key]);
  }
  for (const [key, , kind] of sig.names) {
    if (kind === 'seat') continue;
    ranked.push([kind === 'acronym' ? 3 : key.length >= 4 ? 2 : 5, key]);
  }
  for (const person of sig.people) ranked.push([3, `p:${person}`]);
  ranked.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return ranked.slice(0, MAX_KEY_ITEMS).map(([, key]) => key);
}

/** The candidate keys of a report: each of its first states with each of its strongest items. */
export function storyKeys(sig: StorySignature): string[] {
  if (sig.lang === 'und') return [];
  const states = sig.countries.length > 0 ? sig.countries.slice(0, MAX_KEY_STATES) : ['*'];
  const items = keyItems(sig);
  return states.flatMap((state) => items.map((item) => `${state}|${item}`));
}

/** Buckets of publication time are twice the story window wide. */
export const STORY_BUCKET_MS = 2 * STORY_WINDOW_MS;

/** The time bucket a report's keys are written to. */
export const storyBucket = (sig: StorySignature): number => Math.floor(sig.at / STORY_BUCKET_MS);

/**
 * The bucket beside it that is read too: the previous one when the report is in the first half of
 * its bucket, else the next. Every report within the story window is in one of the two.
 */
export const storyNeighbour = (sig: StorySignature): number =>
  sig.at - storyBucket(sig) * STORY_BUCKET_MS < STORY_WINDOW_MS ? storyBucket(sig) - 1 : storyBucket(sig) + 1;

/** Where a report is filed: its keys, its bucket and the neighbouring bucket it also reads. */
export const storyPlacement = (
  sig: StorySignature,
): { keys: string[]; bucket: number; neighbour: number } => ({
  keys: storyKeys(sig),
  bucket: storyBucket(sig),
  neighbour: storyNeighbour(sig),
});

/** A signature as stored beside the report's decision. */
export const encodeStory = (sig: StorySignature): string => JSON.stringify(sig);

/** The stored signature, or null when it is not one (another format, a damaged value). */
export function decodeStory(text: string): StorySignature | null {
  try {
    const sig = JSON.parse(text) as Partial<StorySignature>;
    return sig && sig.v === 1 && typeof sig.lang === 'string' && typeof sig.at === 'number'
      ? (sig as StorySignature)
      : null;
  } catch {
    return null;
  }
}
