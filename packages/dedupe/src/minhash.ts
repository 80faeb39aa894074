/**
 * MinHash over word shingles with LSH banding: estimates the Jaccard similarity of two texts'
 * shingle sets from fixed-size signatures, and yields band keys so that candidates can be found
 * with a few set lookups instead of comparing against every article in the window.
 */
export const SHINGLE_SIZE = 3;
export const PERMUTATIONS = 120;
/**
 * Bands of ROWS minima each, taken from the first BANDS × ROWS positions of the signature (the
 * similarity itself is still estimated on all PERMUTATIONS). Two texts become candidates with
 * probability 1 - (1 - J^ROWS)^BANDS for Jaccard similarity J: 0.78 at J = 0.3, 0.94 at 0.4, 0.99 at
 * 0.5 and 0.999 at 0.6 (40 bands of 3 rows, before: 0.67, 0.93, 0.995, 0.9999). Each band costs one
 * field written and two probed in Redis per article, so fewer, shorter bands make a lookup cheap.
 * The price of two rows: unrelated texts meet in a band more often (0.6% of pairs at J = 0.02, 40 × 3
 * rows: 0.03%); such a candidate costs one read and fails the similarity check, but as the band's last
 * holder it hides the article that had the band before.
 */
export const BANDS = 16;
export const ROWS = 2;

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

// Token hashes of the text being signed. Reused between calls (signing is synchronous), so a
// signature allocates nothing but its own array: a Set or an array of numbers per text boxed every
// 32-bit hash on the heap, and garbage collection was a large share of the time.
let tokenScratch = new Uint32Array(4096);

function hashTokens(tokens: readonly string[]): Uint32Array {
  if (tokenScratch.length < tokens.length) tokenScratch = new Uint32Array(tokens.length * 2);
  for (let i = 0; i < tokens.length; i++) tokenScratch[i] = fnv1a(tokens[i]!);
  return tokenScratch;
}

/** Hash of the shingle of `size` tokens starting at `from`. */
function shingleAt(hashes: Uint32Array, from: number, size: number): number {
  let h = 0x9e3779b9;
  for (let k = 0; k < size; k++) h = mix((h ^ hashes[from + k]!) + k);
  return h;
}

/** Hash of a text shorter than one shingle: its tokens together. */
function shortTextHash(hashes: Uint32Array, count: number): number {
  let h = 0;
  for (let i = 0; i < count; i++) h = mix(h ^ hashes[i]!);
  return h;
}

/** Hashes of the word shingles of a text, each shingle once. */
export function shingleHashes(tokens: readonly string[], size = SHINGLE_SIZE): Uint32Array {
  const hashes = hashTokens(tokens);
  const out = new Set<number>();
  if (tokens.length < size) {
    if (tokens.length > 0) out.add(shortTextHash(hashes, tokens.length));
  } else {
    for (let i = 0; i + size <= tokens.length; i++) out.add(shingleAt(hashes, i, size));
  }
  return Uint32Array.from(out);
}

const EMPTY = 0xffffffff;

/**
 * One-permutation MinHash (Li, Owen & Zhang 2012) with rotation densification (Shrivastava & Li
 * 2014): each shingle is hashed once and falls into one of PERMUTATIONS bins, which keeps its
 * minimum; an empty bin borrows the value of the next non-empty bin to its right, offset by the
 * distance. It estimates Jaccard similarity as k independent permutations do, at the cost of one
 * hash per shingle instead of k. A shingle seen twice changes no minimum, so shingles are not
 * deduplicated first.
 */
export function minhashSignature(tokens: readonly string[]): Uint32Array {
  const bins = new Uint32Array(PERMUTATIONS).fill(EMPTY);
  const hashes = hashTokens(tokens);
  const add = (shingle: number): void => {
    // High bits choose the bin, a second mix orders shingles within it.
    const bin = Math.floor((shingle / 4294967296) * PERMUTATIONS);
    const value = mix(shingle ^ 0x5bd1e995);
    if (value < bins[bin]!) bins[bin] = value;
  };
  if (tokens.length < SHINGLE_SIZE) {
    if (tokens.length > 0) add(shortTextHash(hashes, tokens.length));
  } else {
    for (let i = 0; i + SHINGLE_SIZE <= tokens.length; i++) add(shingleAt(hashes, i, SHINGLE_SIZE));
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

/**
 * One key per band; two signatures that agree on any whole band become candidates. A key is the
 * band's number and a hash of its rows, both in base 36: short, since the Redis index keeps one per
 * band and article.
 */
export function bandKeys(signature: Uint32Array): string[] {
  const keys: string[] = new Array<string>(BANDS);
  for (let band = 0; band < BANDS; band++) {
    let hash = 0x811c9dc5 ^ band;
    for (let row = 0; row < ROWS; row++) {
      hash = Math.imul(hash ^ signature[band * ROWS + row]!, 0x01000193);
    }
    keys[band] = `${band.toString(36)}:${(hash >>> 0).toString(36)}`;
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
