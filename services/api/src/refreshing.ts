/**
 * A value read again once it is older than `maxAgeMs`. While the new read runs, callers keep the previous
 * value, so a refresh never holds requests up; only the first read (and the first after `forget`) is
 * waited for. Concurrent reads are shared, and a failed read leaves the previous value in place.
 */
export class Refreshing<T> {
  private value: Promise<T> | undefined;
  private readAt = 0;
  private reading: Promise<T> | undefined;
  /** Bumped by `forget`, so a read that started before it cannot bring the old value back. */
  private generation = 0;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly maxAgeMs: number,
  ) {}

  get(): Promise<T> {
    if (!this.value) return this.refresh();
    if (Date.now() - this.readAt > this.maxAgeMs) this.refresh().catch(() => undefined);
    return this.value;
  }

  forget(): void {
    this.generation++;
    this.value = undefined;
    this.reading = undefined;
  }

  private refresh(): Promise<T> {
    if (this.reading) return this.reading;
    const generation = this.generation;
    const reading = this.read();
    this.reading = reading;
    const settled = () => {
      if (this.reading === reading) this.reading = undefined;
    };
    reading.then(() => {
      settled();
      if (generation !== this.generation) return;
      this.value = reading;
      this.readAt = Date.now();
    }, settled);
    return reading;
  }
}
