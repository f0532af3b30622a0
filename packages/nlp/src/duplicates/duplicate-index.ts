import { hexToSimHash, popcount32, type SimHash } from './simhash.js';

export interface DuplicateIndexOptions {
  /** originals remembered; the oldest are forgotten first (default 100,000) */
  maxEntries?: number;
  /** largest Hamming distance between near-duplicates, at most 3 (default 3) */
  maxDistance?: number;
}

export interface DuplicateIndex {
  /** The id of the first mention this fingerprint nearly equals, or undefined (and it is remembered as an original). */
  check(id: string, fingerprint: string | SimHash): string | undefined;
  readonly size: number;
}

const BANDS = 4;
const BAND_BITS = 16;
const BAND_VALUES = 1 << BAND_BITS;
const NONE = -1;

function bandKey(low: number, high: number, band: number): number {
  const word = band < 2 ? low : high;
  const value = (word >>> ((band % 2) * BAND_BITS)) & 0xffff;
  return band * BAND_VALUES + value;
}

/**
 * In-memory LSH over SimHash: the 64 bits are cut into 4 bands of 16; two fingerprints within
 * distance 3 share at least one band exactly (pigeonhole), so only that band's bucket is compared.
 *
 * Originals live in a ring of `maxEntries` slots; each bucket is a doubly linked list of slots
 * in insertion order, kept in typed arrays, so checking, remembering and forgetting allocate nothing.
 */
export function createDuplicateIndex(options: DuplicateIndexOptions = {}): DuplicateIndex {
  const maxEntries = options.maxEntries ?? 100_000;
  const maxDistance = Math.min(options.maxDistance ?? 3, BANDS - 1);
  /** first and last slot of each band bucket */
  const heads = new Int32Array(BANDS * BAND_VALUES).fill(NONE);
  const tails = new Int32Array(BANDS * BAND_VALUES).fill(NONE);
  /** per slot and band (slot * BANDS + band): the neighbours in that band's bucket */
  const next = new Int32Array(maxEntries * BANDS);
  const previous = new Int32Array(maxEntries * BANDS);
  const lows = new Int32Array(maxEntries);
  const highs = new Int32Array(maxEntries);
  const ids: (string | undefined)[] = new Array<string | undefined>(maxEntries).fill(undefined);
  const slotOf = new Map<string, number>();
  let cursor = 0;

  const unlink = (slot: number): void => {
    for (let band = 0; band < BANDS; band++) {
      const key = bandKey(lows[slot] as number, highs[slot] as number, band);
      const link = slot * BANDS + band;
      const before = previous[link] as number;
      const after = next[link] as number;
      if (before === NONE) heads[key] = after;
      else next[before * BANDS + band] = after;
      if (after === NONE) tails[key] = before;
      else previous[after * BANDS + band] = before;
    }
  };

  const append = (slot: number): void => {
    for (let band = 0; band < BANDS; band++) {
      const key = bandKey(lows[slot] as number, highs[slot] as number, band);
      const link = slot * BANDS + band;
      const last = tails[key] as number;
      previous[link] = last;
      next[link] = NONE;
      if (last === NONE) heads[key] = slot;
      else next[last * BANDS + band] = slot;
      tails[key] = slot;
    }
  };

  return {
    get size() {
      return slotOf.size;
    },
    check(id, fingerprint) {
      const hash = typeof fingerprint === 'string' ? hexToSimHash(fingerprint) : fingerprint;
      if (slotOf.has(id)) return undefined;
      const { low, high } = hash;
      for (let band = 0; band < BANDS; band++) {
        for (let slot = heads[bandKey(low, high, band)] as number; slot !== NONE; slot = next[slot * BANDS + band] as number) {
          if (popcount32((lows[slot] as number) ^ low) + popcount32((highs[slot] as number) ^ high) <= maxDistance) return ids[slot];
        }
      }
      const slot = cursor;
      cursor = (cursor + 1) % maxEntries;
      const evicted = ids[slot];
      if (evicted !== undefined) {
        unlink(slot);
        slotOf.delete(evicted);
      }
      lows[slot] = low;
      highs[slot] = high;
      ids[slot] = id;
      slotOf.set(id, slot);
      append(slot);
      return undefined;
    },
  };
}
