/**
 * MinHash over word shingles with LSH banding: estimates the Jaccard similarity of two texts'
 * shingle sets from fixed-size signatures, and yields band keys so that candidates can be found
 * with a few set lookups instead of comparing against every article in the window.
 */
export const SHINGLE_SIZE = 3;
export const BANDS = 40;
export const ROWS = 3;
export const PERMUTATIONS = BANDS * ROWS;

/** FNV-1a, 32 bit: fast and stable; quality comes from the mixer applied after it. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's finaliser: an integer bijection that spreads every input bit over the output. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Hashes of the word shingles of a text, each shingle once. */
export function shingleHashes(tokens: readonly string[], size = SHINGLE_SIZE): Uint32Array {
  const tokenHashes = tokens.map(fnv1a);
  const out = new Set<number>();
  if (tokenHashes.length < size) {
    if (tokenHashes.length > 0) out.add(tokenHashes.reduce((h, t) => mix(h ^ t), 0));
  } else {
    for (let i = 0; i + size <= tokenHashes.length; i++) {
      let h = 0x9e3779b9;
      for (let k = 0; k < size; k++) h = mix((h ^ tokenHashes[i + k]!) + k);
      out.add(h);
    }
  }
  return Uint32Array.from(out);
}

const EMPTY = 0xffffffff;

/**
 * One-permutation MinHash (Li, Owen & Zhang 2012) with rotation densification (Shrivastava & Li
 * 2014): each shingle is hashed once and falls into one of PERMUTATIONS bins, which keeps its
 * minimum; an empty bin borrows the value of the next non-empty bin to its right, offset by the
 * distance. It estimates Jaccard similarity as k independent permutations do, at the cost of one
 * hash per shingle instead of k, which was most of the CPU time of deduplication.
 */
export function minhashSignature(tokens: readonly string[]): Uint32Array {
  const bins = new Uint32Array(PERMUTATIONS).fill(EMPTY);
  const shingles = shingleHashes(tokens);
  for (let s = 0; s < shingles.length; s++) {
    const shingle = shingles[s]!;
    // High bits choose the bin, a second mix orders shingles within it.
    const bin = Math.floor((shingle / 4294967296) * PERMUTATIONS);
    const value = mix(shingle ^ 0x5bd1e995);
    if (value < bins[bin]!) bins[bin] = value;
  }
  const signature = new Uint32Array(bins);
  for (let i = 0; i < PERMUTATIONS; i++) {
    if (bins[i] !== EMPTY) continue;
    for (let t = 1; t < PERMUTATIONS; t++) {
      const donor = bins[(i + t) % PERMUTATIONS]!;
      if (donor !== EMPTY) {
        signature[i] = (donor + Math.imul(t, 0x9e3779b1)) >>> 0;
        break;
      }
    }
  }
  return signature;
}

/** Estimated Jaccard similarity: the share of permutations on which both minima agree. */
export function estimateSimilarity(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i] && a[i] !== 0xffffffff) same++;
  return same / a.length;
}

/** One key per band; two signatures that agree on any whole band become candidates. */
export function bandKeys(signature: Uint32Array): string[] {
  const keys: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    let hash = 0x811c9dc5 ^ band;
    for (let row = 0; row < ROWS; row++) {
      hash = Math.imul(hash ^ signature[band * ROWS + row]!, 0x01000193) >>> 0;
    }
    keys.push(`${band.toString(36)}:${hash.toString(36)}`);
  }
  return keys;
}

export function encodeSignature(signature: Uint32Array): string {
  return `mh2:${Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('base64')}`;
}

export function decodeSignature(text: string): Uint32Array | null {
  if (!text.startsWith('mh2:')) return null;
  const bytes = Buffer.from(text.slice(4), 'base64');
  if (bytes.length !== PERMUTATIONS * 4) return null;
  const copy = new Uint8Array(bytes);
  return new Uint32Array(copy.buffer);
}
