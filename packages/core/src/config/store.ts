import type { Client } from '@elastic/elasticsearch';
import type { Static, TSchema } from 'typebox';
import { NotFoundError } from '../errors.js';
import { compileValidator } from '../validate.js';
import { AlertRuleSchema } from './alert-rule.js';
import { ApiKeySchema } from './api-key.js';
import { BrandSchema } from './brand.js';
import { SourceConfigSchema } from './source.js';

/** Every kind of runtime configuration, with the schema its documents satisfy. */
export const CONFIG_SCHEMAS = {
  brand: BrandSchema,
  source: SourceConfigSchema,
  alert_rule: AlertRuleSchema,
  api_key: ApiKeySchema,
} satisfies Record<string, TSchema & { properties: { id: TSchema } }>;

export type ConfigKind = keyof typeof CONFIG_SCHEMAS;
export type ConfigOf<K extends ConfigKind> = Static<(typeof CONFIG_SCHEMAS)[K]>;

const validators = Object.fromEntries(
  Object.entries(CONFIG_SCHEMAS).map(([kind, schema]) => [kind, compileValidator(schema, kind.replace('_', ' '))]),
) as { [K in ConfigKind]: (value: unknown) => ConfigOf<K> };

export function validateConfig<K extends ConfigKind>(kind: K, value: unknown): ConfigOf<K> {
  return validators[kind](value);
}

interface StoredConfig {
  kind: ConfigKind;
  id: string;
  name?: string;
  updatedAt: string;
  spec: unknown;
}

const MAX_ITEMS = 10_000;

/** Runtime configuration (brands, sources, alert rules, API keys) kept in the `vigie-config` index. */
export class ConfigStore {
  constructor(
    private readonly es: Client,
    private readonly index: string,
  ) {}

  async list<K extends ConfigKind>(kind: K): Promise<ConfigOf<K>[]> {
    const result = await this.es.search<StoredConfig>({
      index: this.index,
      size: MAX_ITEMS,
      query: { term: { kind } },
      sort: [{ id: 'asc' }],
    });
    return result.hits.hits.map((hit) => hit._source!.spec as ConfigOf<K>);
  }

  async get<K extends ConfigKind>(kind: K, id: string): Promise<ConfigOf<K>> {
    const result = await this.es.get<StoredConfig>({ index: this.index, id: `${kind}:${id}` }, { ignore: [404] });
    if (!result.found || !result._source) throw new NotFoundError(`${kind.replace('_', ' ')} '${id}'`);
    return result._source.spec as ConfigOf<K>;
  }

  /** Validate and store; returns the stored value (defaults applied by the caller's schema). */
  async put<K extends ConfigKind>(kind: K, value: unknown): Promise<ConfigOf<K>> {
    const spec = validateConfig(kind, value);
    const { id, name } = spec as { id: string; name?: string };
    await this.es.index({
      index: this.index,
      id: `${kind}:${id}`,
      document: { kind, id, name, updatedAt: new Date().toISOString(), spec } satisfies StoredConfig,
      refresh: 'wait_for',
    });
    return spec;
  }

  /** Returns false when there was nothing to delete. */
  async remove(kind: ConfigKind, id: string): Promise<boolean> {
    const result = await this.es.delete({ index: this.index, id: `${kind}:${id}`, refresh: 'wait_for' }, { ignore: [404] });
    return result.result === 'deleted';
  }

  /**
   * Poll a kind and call `onChange` with the full list whenever it changes (and once at start).
   * Polling keeps this on core Elasticsearch features; 5 s keeps every service within the 10 s promise.
   */
  watch<K extends ConfigKind>(kind: K, onChange: (items: ConfigOf<K>[]) => void, options: { intervalMs?: number; onError?: (error: unknown) => void } = {}): () => void {
    let last = '';
    let stopped = false;
    const poll = async () => {
      try {
        const items = await this.list(kind);
        const snapshot = JSON.stringify(items);
        if (snapshot !== last && !stopped) {
          last = snapshot;
          onChange(items);
        }
      } catch (error) {
        options.onError?.(error);
      }
    };
    void poll();
    const timer = setInterval(poll, options.intervalMs ?? 5_000);
    timer.unref();
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }
}
