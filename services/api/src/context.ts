import type { Client } from '@elastic/elasticsearch';
import type { Brand, ConfigStore, IndexNames } from '@vigie/core';
import type { KeyRing } from './auth/plugin.js';
import { unprocessable } from './problem.js';

const BRANDS_CACHE_MS = 5_000;

/** What the route modules share: the Elasticsearch client, index names, config store and key ring. */
export class ApiContext {
  private brandsCache: { brands: Promise<Map<string, Brand>>; at: number } | undefined;

  constructor(
    readonly es: Client,
    readonly names: IndexNames,
    readonly store: ConfigStore,
    readonly keys: KeyRing,
  ) {}

  async brands(fresh = false): Promise<Map<string, Brand>> {
    if (fresh || !this.brandsCache || Date.now() - this.brandsCache.at > BRANDS_CACHE_MS) {
      // One read shared by every request that arrives while it is in flight; a failed read is not cached.
      const brands = this.store.list('brand').then((list) => new Map(list.map((b) => [b.id, b])));
      const entry = { brands, at: Date.now() };
      this.brandsCache = entry;
      brands.catch(() => {
        if (this.brandsCache === entry) this.brandsCache = undefined;
      });
    }
    return this.brandsCache.brands;
  }

  forgetBrands(): void {
    this.brandsCache = undefined;
  }

  /** A brand filter must name configured brands: a typo would otherwise silently return nothing. */
  async requireBrands(field: string, ids: readonly string[] | undefined): Promise<void> {
    if (!ids?.length) return;
    let known = await this.brands();
    if (ids.some((id) => !known.has(id))) known = await this.brands(true);
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw unprocessable(field, `names unknown brand(s) ${unknown.map((b) => `'${b}'`).join(', ')}; list them with GET /v1/brands`);
  }

  async brand(field: string, id: string): Promise<Brand> {
    await this.requireBrands(field, [id]);
    return (await this.brands()).get(id)!;
  }
}
