import { hashString } from '../linear/features.js';
import { type Token, TokenKind } from '../normalize/tokenize.js';

/** murmur3 finaliser: a second, independent 32-bit hash from the first. */
function fmix32(value: number): number {
  let h = value ^ (value >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export interface SimHash {
  high: number;
  low: number;
  /** how many shingles went in: too few and every short post looks alike */
  features: number;
}

const HEX = '0123456789abcdef';
/** two hex digits per byte value */
const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
function wordToHex(word: number): string {
  return (
    (BYTE_HEX[word >>> 24] as string) + (BYTE_HEX[(word >>> 16) & 0xff] as string) + (BYTE_HEX[(word >>> 8) & 0xff] as string) + (BYTE_HEX[word & 0xff] as string)
  );
}

export function simHashToHex(hash: SimHash): string {
  return wordToHex(hash.high >>> 0) + wordToHex(hash.low >>> 0);
}

export function hexToSimHash(hex: string): SimHash {
  if (hex.length !== 16 || [...hex].some((character) => !HEX.includes(character))) throw new Error(`Not a 16-hex-digit fingerprint: '${hex}'`);
  return { high: parseInt(hex.slice(0, 8), 16) >>> 0, low: parseInt(hex.slice(8), 16) >>> 0, features: 0 };
}

/**
 * Per-bit counts of set bits kept as bit planes (plane k holds bit k of every counter), so
 * adding a 32-bit hash is a ripple carry over a few planes instead of 32 separate additions.
 */
const PLANES = 16;
const lowPlanes = new Int32Array(PLANES);
const highPlanes = new Int32Array(PLANES);

function addToPlanes(planes: Int32Array, value: number): void {
  let carry = value | 0;
  for (let k = 0; carry !== 0 && k < PLANES; k++) {
    const next = (planes[k] as number) & carry;
    planes[k] = (planes[k] as number) ^ carry;
    carry = next;
  }
}

/**
 * Bits set in more than half of the `total` hashes added: all 32 counters are compared with
 * floor(total / 2) at once, plane by plane from the most significant (a bit-sliced comparator).
 */
function majority(planes: Int32Array, total: number): number {
  const threshold = Math.floor(total / 2);
  let greater = 0;
  let equal = -1;
  for (let k = PLANES - 1; k >= 0; k--) {
    const plane = planes[k] as number;
    const thresholdBits = (threshold >>> k) & 1 ? -1 : 0;
    greater |= equal & plane & ~thresholdBits;
    equal &= ~(plane ^ thresholdBits);
  }
  return greater >>> 0;
}

function addShingle(hash: number): void {
  addToPlanes(lowPlanes, hash);
  addToPlanes(highPlanes, fmix32(hash ^ 0x9e3779b9));
}

/**
 * 64-bit SimHash over word unigrams and bigrams. Handles, links and `RT` are left out so a
 * retweet or a copy with another link keeps the fingerprint of the original.
 */
export function simHash(tokens: readonly Token[]): SimHash {
  lowPlanes.fill(0);
  highPlanes.fill(0);
  let previous = 0;
  let features = 0;
  let added = 0;
  for (const token of tokens) {
    if (token.kind !== TokenKind.Word && token.kind !== TokenKind.Number && token.kind !== TokenKind.Hashtag && token.kind !== TokenKind.Emoji) continue;
    if (token.text === 'rt') continue;
    const lexeme = token.lexeme;
    if (lexeme.shingleHigh < 0) {
      const shingle = hashString(lexeme.text, 0x5bd1e995);
      lexeme.shingleHigh = shingle >>> 16;
      lexeme.shingleLow = shingle & 0xffff;
    }
    const hash = ((lexeme.shingleHigh << 16) | lexeme.shingleLow) >>> 0;
    addShingle(hash);
    added++;
    if (previous !== 0) {
      addShingle(fmix32(Math.imul(previous, 31) ^ hash));
      added++;
    }
    previous = hash;
    features++;
    if (added >= 65_000) break; // the planes count to 65,535
  }
  return { high: majority(highPlanes, added), low: majority(lowPlanes, added), features };
}

export function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

export function hammingDistance(a: SimHash, b: SimHash): number {
  return popcount32((a.high ^ b.high) >>> 0) + popcount32((a.low ^ b.low) >>> 0);
}
