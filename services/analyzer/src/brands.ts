import type { Brand, ConfigStore, Logger } from '@vigie/core';
import { createAnalysisContext, type AnalysisContext, type DuplicateIndex } from '@vigie/nlp';

/** The analysis context for the configured brands, rebuilt on each change and swapped between batches. */
export interface BrandCatalog {
  context(): AnalysisContext;
  stop(): void;
}

/**
 * Load the brands before the first batch (so nothing is skipped for want of config),
 * then follow changes through the config store's watch (a poll every few seconds).
 * The duplicate index outlives reloads, so copies stay linked to their first occurrence.
 */
export async function watchBrands(store: ConfigStore, log: Logger, duplicates: DuplicateIndex, intervalMs?: number): Promise<BrandCatalog> {
  const compile = (brands: readonly Brand[]) => createAnalysisContext({ brands, duplicates });
  const initial = await store.list('brand');
  let context = compile(initial);
  if (initial.length === 0) log.warn('no brand configured: mentions not bound to a brand by their source will be skipped; add brands with `vigie apply`');
  const stop = store.watch(
    'brand',
    (brands) => {
      try {
        context = compile(brands);
        log.info({ brands: brands.map((b) => b.id) }, 'brands reloaded');
      } catch (error) {
        log.error({ err: error }, 'the brand configuration does not compile; keeping the previous brands until it is fixed');
      }
    },
    { intervalMs, onError: (error) => log.warn({ err: error }, 'could not read the brand configuration; retrying') },
  );
  return { context: () => context, stop };
}
