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
/** Int32 fields per link: next, previous, low, high. */
const LINK = 4;

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
 * A bucket's two ends sit side by side. A link holds its two neighbours and a copy of its slot's
 * fingerprint: templated posts fill some buckets with dozens of originals, and walking one then reads
 * a single cache line per original.
 */
export function createDuplicateIndex(options: DuplicateIndexOptions = {}): DuplicateIndex {
  const maxEntries = options.maxEntries ?? 100_000;
  const maxDistance = Math.min(options.maxDistance ?? 3, BANDS - 1);
  /** per band bucket (key): its first slot at 2 * key, its last at 2 * key + 1 */
  const ends = new Int32Array(BANDS * BAND_VALUES * 2).fill(NONE);
  /**
   * per slot and band (link = slot * BANDS + band), at LINK * link: the next slot in that band's bucket,
   * the previous one, and the slot's fingerprint (low, high)
   */
  const links = new Int32Array(maxEntries * BANDS * LINK);
  const ids: (string | undefined)[] = new Array<string | undefined>(maxEntries).fill(undefined);
  const slots = new SlotTable(ids);
  let size = 0;
  let cursor = 0;

  const unlink = (slot: number): void => {
    for (let band = 0; band < BANDS; band++) {
      const at = LINK * (slot * BANDS + band);
      const key = bandKey(links[at + 2] as number, links[at + 3] as number, band);
      const before = links[at + 1] as number;
      const after = links[at] as number;
      if (before === NONE) ends[2 * key] = after;
      else links[LINK * (before * BANDS + band)] = after;
      if (after === NONE) ends[2 * key + 1] = before;
      else links[LINK * (after * BANDS + band) + 1] = before;
    }
  };

  const append = (slot: number, low: number, high: number): void => {
    for (let band = 0; band < BANDS; band++) {
      const key = bandKey(low, high, band);
      const at = LINK * (slot * BANDS + band);
      const last = ends[2 * key + 1] as number;
      links[at] = NONE;
      links[at + 1] = last;
      links[at + 2] = low;
      links[at + 3] = high;
      if (last === NONE) ends[2 * key] = slot;
      else links[LINK * (last * BANDS + band)] = slot;
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
        for (let slot = ends[2 * bandKey(low, high, band)] as number; slot !== NONE;) {
          const at = LINK * (slot * BANDS + band);
          if (popcount32((links[at + 2] as number) ^ low) + popcount32((links[at + 3] as number) ^ high) <= maxDistance) return ids[slot];
          slot = links[at] as number;
        }
      }
      const slot = cursor;
      cursor = (cursor + 1) % maxEntries;
      if (ids[slot] !== undefined) {
        unlink(slot);
        slots.remove(slot);
        size--;
      }
      ids[slot] = id;
      slots.add(id, slot);
      size++;
      append(slot, low, high);
      return undefined;
    },
  };
}
