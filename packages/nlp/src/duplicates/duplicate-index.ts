import { hexToSimHash, popcount32, type SimHash } from './simhash.js';
import { SlotTable } from './slot-table.js';

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
 * A bucket's two ends sit side by side, and so do a link's two neighbours: one cache line each.
 */
export function createDuplicateIndex(options: DuplicateIndexOptions = {}): DuplicateIndex {
  const maxEntries = options.maxEntries ?? 100_000;
  const maxDistance = Math.min(options.maxDistance ?? 3, BANDS - 1);
  /** per band bucket (key): its first slot at 2 * key, its last at 2 * key + 1 */
  const ends = new Int32Array(BANDS * BAND_VALUES * 2).fill(NONE);
  /** per slot and band (link = slot * BANDS + band): the next slot in that band's bucket at 2 * link, the previous at 2 * link + 1 */
  const links = new Int32Array(maxEntries * BANDS * 2);
  const lows = new Int32Array(maxEntries);
  const highs = new Int32Array(maxEntries);
  const ids: (string | undefined)[] = new Array<string | undefined>(maxEntries).fill(undefined);
  const slots = new SlotTable(ids);
  let size = 0;
  let cursor = 0;

  const unlink = (slot: number): void => {
    for (let band = 0; band < BANDS; band++) {
      const key = bandKey(lows[slot] as number, highs[slot] as number, band);
      const link = slot * BANDS + band;
      const before = links[2 * link + 1] as number;
      const after = links[2 * link] as number;
      if (before === NONE) ends[2 * key] = after;
      else links[2 * (before * BANDS + band)] = after;
      if (after === NONE) ends[2 * key + 1] = before;
      else links[2 * (after * BANDS + band) + 1] = before;
    }
  };

  const append = (slot: number): void => {
    for (let band = 0; band < BANDS; band++) {
      const key = bandKey(lows[slot] as number, highs[slot] as number, band);
      const link = slot * BANDS + band;
      const last = ends[2 * key + 1] as number;
      links[2 * link + 1] = last;
      links[2 * link] = NONE;
      if (last === NONE) ends[2 * key] = slot;
      else links[2 * (last * BANDS + band)] = slot;
      ends[2 * key + 1] = slot;
    }
  };

  return {
    get size() {
      return size;
    },
    check(id, fingerprint) {
      const hash = typeof fingerprint === 'string' ? hexToSimHash(fingerprint) : fingerprint;
      if (slots.find(id) >= 0) return undefined;
      const { low, high } = hash;
      for (let band = 0; band < BANDS; band++) {
        for (let slot = ends[2 * bandKey(low, high, band)] as number; slot !== NONE; slot = links[2 * (slot * BANDS + band)] as number) {
          if (popcount32((lows[slot] as number) ^ low) + popcount32((highs[slot] as number) ^ high) <= maxDistance) return ids[slot];
        }
      }
      const slot = cursor;
      cursor = (cursor + 1) % maxEntries;
      if (ids[slot] !== undefined) {
        unlink(slot);
        slots.remove(slot);
        size--;
      }
      lows[slot] = low;
      highs[slot] = high;
      ids[slot] = id;
      slots.add(id, slot);
      size++;
      append(slot);
      return undefined;
    },
  };
}
