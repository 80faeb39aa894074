/**
 * MinHash over word shingles with LSH banding: estimates the Jaccard similarity of two texts'
 * shingle sets from fixed-size signatures, and yields band keys so that candidates can be found
 * with a few set lookups instead of comparing against every article in the window.
 */
export const SHINGLE_SIZE = 3;
export const BANDS = 40;
export const ROWS = 3;
export const PERMUTATIONS = BANDS * ROWS;

// Fixed seeds: signatures must be comparable across processes and releases.
const SEEDS: Uint32Array = (() => {
  let state = 0x2545f491;
  const seeds = new Uint32Array(PERMUTATIONS);
  for (let i = 0; i < PERMUTATIONS; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    seeds[i] = state >>> 0;
  }
  return seeds;
})();

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

/**
 * One minimum per permutation; permutation i hashes a shingle as mix(shingle XOR seed i), a cheap
 * family of independent-looking hash functions that needs only 32-bit integer arithmetic.
 */
export function minhashSignature(tokens: readonly string[]): Uint32Array {
  const signature = new Uint32Array(PERMUTATIONS).fill(0xffffffff);
  const shingles = shingleHashes(tokens);
  const seeds = SEEDS;
  // mix() written out: this loop is most of the CPU time of deduplication, and the inner loop over
  // permutations must stay free of calls and bounds-check detours.
  for (let s = 0; s < shingles.length; s++) {
    const shingle = shingles[s]!;
    for (let i = 0; i < PERMUTATIONS; i++) {
      let h = shingle ^ seeds[i]!;
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      h = (h ^ (h >>> 16)) >>> 0;
      if (h < signature[i]!) signature[i] = h;
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
  return `mh1:${Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('base64')}`;
}

export function decodeSignature(text: string): Uint32Array | null {
  if (!text.startsWith('mh1:')) return null;
  const bytes = Buffer.from(text.slice(4), 'base64');
  if (bytes.length !== PERMUTATIONS * 4) return null;
  const copy = new Uint8Array(bytes);
  return new Uint32Array(copy.buffer);
}
