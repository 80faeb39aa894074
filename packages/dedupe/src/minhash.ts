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
const MERSENNE = 0x7fffffff;
const coefficients: Array<[number, number]> = (() => {
  let state = 0x2545f491;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % MERSENNE;
  };
  return Array.from({ length: PERMUTATIONS }, () => [next() | 1, next()]);
})();

/** FNV-1a, 32 bit: fast and stable; quality is enough because permutations re-mix it. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// (a*x + b) mod (2^31-1) without losing precision: split a into 16-bit halves.
function permute(x: number, a: number, b: number): number {
  const hi = Math.floor(a / 65536);
  const lo = a % 65536;
  const part = ((hi * x) % MERSENNE) * 65536;
  return ((part % MERSENNE) + ((lo * x) % MERSENNE) + b) % MERSENNE;
}

export function shingles(tokens: readonly string[], size = SHINGLE_SIZE): Set<string> {
  const out = new Set<string>();
  if (tokens.length < size) {
    if (tokens.length > 0) out.add(tokens.join(' '));
    return out;
  }
  for (let i = 0; i + size <= tokens.length; i++) out.add(tokens.slice(i, i + size).join(' '));
  return out;
}

export function minhashSignature(tokens: readonly string[]): Uint32Array {
  const signature = new Uint32Array(PERMUTATIONS).fill(0xffffffff);
  for (const shingle of shingles(tokens)) {
    const x = fnv1a(shingle) % MERSENNE;
    for (let i = 0; i < PERMUTATIONS; i++) {
      const [a, b] = coefficients[i]!;
      const value = permute(x, a, b);
      if (value < signature[i]!) signature[i] = value;
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
