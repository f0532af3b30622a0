import type { Client } from '@elastic/elasticsearch';
import type { Brand, ConfigStore, IndexNames } from '@vigie/core';
import type { KeyRing } from './auth/plugin.js';
import { unprocessable } from './problem.js';
import { Refreshing } from './refreshing.js';

const BRANDS_MAX_AGE_MS = 5_000;

/** What the route modules share: the Elasticsearch client, index names, config store and key ring. */
export class ApiContext {
  private readonly brandList: Refreshing<Map<string, Brand>>;

  constructor(
    readonly es: Client,
    readonly names: IndexNames,
    readonly store: ConfigStore,
    readonly keys: KeyRing,
  ) {
    this.brandList = new Refreshing(async () => new Map((await store.list('brand')).map((b) => [b.id, b])), BRANDS_MAX_AGE_MS);
  }

  async brands(fresh = false): Promise<Map<string, Brand>> {
    if (fresh) this.brandList.forget();
    return this.brandList.get();
  }

  forgetBrands(): void {
    this.brandList.forget();
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
