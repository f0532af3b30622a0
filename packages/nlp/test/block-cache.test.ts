import { describe, expect, it } from 'vitest';
import { BlockCache } from '../src/linear/block-cache.js';

describe('block cache', () => {
  it('adds back what was stored, under the same id halves only', () => {
    const cache = new BlockCache(3, 4);
    cache.store(7, 2, Float64Array.from([1.5, -3, 0]), 4.25);
    const scores = Float64Array.from([1, 1, 1]);
    expect(cache.addTo(7, 2, scores)).toBe(4.25);
    expect([...scores]).toEqual([2.5, -2, 1]);
    expect(cache.addTo(7, 3, scores)).toBe(-1);
    expect([...scores]).toEqual([2.5, -2, 1]);
  });

  it('does not keep sums float32 would round', () => {
    const cache = new BlockCache(3, 4);
    cache.store(1, 0, Float64Array.from([0.1, 0, 0]), 1);
    expect(cache.addTo(1, 0, new Float64Array(3))).toBe(-1);
  });
});
