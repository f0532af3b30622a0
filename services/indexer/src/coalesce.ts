/**
 * Requests made in the same turn of the event loop are sent as one. kafkajs hands the partitions of a fetch to
 * `eachBatch` one after the other in the same turn, so their documents go out in one bulk request instead of one
 * per partition: Elasticsearch spends less CPU per document in a large bulk than in several small ones.
 * Each caller gets back the results of its own items, in order, or the request's error.
 */
export function coalesce<Item, Result>(send: (items: Item[]) => Promise<Result[]>): (items: readonly Item[]) => Promise<Result[]> {
  let waiting: { items: readonly Item[]; resolve: (results: Result[]) => void; reject: (error: unknown) => void }[] = [];

  async function flush(): Promise<void> {
    const callers = waiting;
    waiting = [];
    try {
      const results = await send(callers.flatMap((caller) => caller.items));
      let at = 0;
      for (const caller of callers) caller.resolve(results.slice(at, (at += caller.items.length)));
    } catch (error) {
      for (const caller of callers) caller.reject(error);
    }
  }

  return (items) => new Promise((resolve, reject) => {
    if (waiting.length === 0) setImmediate(() => void flush());
    waiting.push({ items, resolve, reject });
  });
}
