import { describe, expect, it } from 'vitest';
import { coalesce } from '../src/coalesce.js';

describe('coalesce', () => {
  it('sends the requests of one event-loop turn together and gives each caller its own results', async () => {
    const sent: number[][] = [];
    const send = coalesce(async (items: number[]) => {
      sent.push(items);
      return items.map((item) => item * 10);
    });
    const [a, b, c] = await Promise.all([send([1, 2]), send([3]), send([4, 5, 6])]);
    expect(sent).toEqual([[1, 2, 3, 4, 5, 6]]);
    expect([a, b, c]).toEqual([[10, 20], [30], [40, 50, 60]]);
    expect(await send([7])).toEqual([70]);
    expect(sent).toHaveLength(2);
  });

  it('rejects every caller of a failed request, and the next turn starts afresh', async () => {
    let calls = 0;
    const send = coalesce(async (items: string[]) => {
      calls += 1;
      if (calls === 1) throw new Error('Elasticsearch unavailable');
      return items;
    });
    const results = await Promise.allSettled([send(['a']), send(['b'])]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(await send(['c'])).toEqual(['c']);
  });
});
