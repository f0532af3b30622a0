import { expect, it } from 'vitest';
import { Refreshing } from '../src/refreshing.js';

/** Reads that resolve only when the test says so, numbered in the order they started. */
function controlledReads() {
  const pending: ((value: number) => void)[] = [];
  return {
    read: () => new Promise<number>((resolve) => pending.push(resolve)),
    started: () => pending.length,
    finish: (index: number, value: number) => pending[index]!(value),
  };
}

it('shares the first read, then serves the previous value while one re-read runs', async () => {
  const reads = controlledReads();
  const value = new Refreshing(reads.read, 0);
  const first = [value.get(), value.get()];
  expect(reads.started()).toBe(1);
  reads.finish(0, 1);
  expect(await Promise.all(first)).toEqual([1, 1]);

  await new Promise((resolve) => setTimeout(resolve, 2));
  expect(await value.get()).toBe(1);
  expect(await value.get()).toBe(1);
  expect(reads.started()).toBe(2);
  reads.finish(1, 2);
  await new Promise((resolve) => setTimeout(resolve, 2));
  expect(await value.get()).toBe(2);
});

it('after forget, waits for a new read and ignores one that started before', async () => {
  const reads = controlledReads();
  const value = new Refreshing(reads.read, 0);
  const first = value.get();
  reads.finish(0, 1);
  await first;
  await new Promise((resolve) => setTimeout(resolve, 2));
  void value.get(); // starts re-read 1 in the background
  value.forget();
  const fresh = value.get();
  expect(reads.started()).toBe(3);
  reads.finish(2, 3);
  reads.finish(1, 2);
  expect(await fresh).toBe(3);
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(await value.get()).toBe(3);
});

it('keeps the previous value when a re-read fails', async () => {
  let calls = 0;
  const value = new Refreshing(async () => {
    calls++;
    if (calls > 1) throw new Error('store unreachable');
    return 'kept';
  }, 0);
  expect(await value.get()).toBe('kept');
  await new Promise((resolve) => setTimeout(resolve, 2));
  expect(await value.get()).toBe('kept');
  expect(await value.get()).toBe('kept');
});
