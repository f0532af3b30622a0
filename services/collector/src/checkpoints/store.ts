import { createHash } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import type { SourceConfig } from '@vigie/core';

interface StoredCheckpoint {
  sourceId: string;
  type: string;
  /** Hash of the source parameters: a cursor from other parameters (another query, feed...) does not apply. */
  paramsHash: string;
  cursor: unknown;
  updatedAt: string;
}

export function checkpointIndex(prefix = ''): string {
  return `${prefix}vigie-checkpoints`;
}

function paramsHash(source: SourceConfig): string {
  return createHash('sha256').update(JSON.stringify([source.type, source.params])).digest('hex').slice(0, 16);
}

/**
 * Source cursors kept durably in Elasticsearch, one document per configured source.
 * The runner saves a cursor only after Kafka acknowledged every mention of the page it ends.
 */
export class CheckpointStore {
  constructor(
    private readonly es: Client,
    readonly index: string,
  ) {}

  async ensureIndex(): Promise<void> {
    const exists = await this.es.indices.exists({ index: this.index });
    if (exists) return;
    await this.es.indices.create(
      {
        index: this.index,
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: {
          dynamic: 'strict',
          properties: {
            sourceId: { type: 'keyword' },
            type: { type: 'keyword' },
            paramsHash: { type: 'keyword' },
            cursor: { type: 'object', enabled: false },
            updatedAt: { type: 'date' },
          },
        },
      },
      { ignore: [400] },
    );
  }

  /** The stored cursor, or undefined on a first run or when the source's type/parameters changed since. */
  async load<C>(source: SourceConfig): Promise<C | undefined> {
    const result = await this.es.get<StoredCheckpoint>({ index: this.index, id: source.id }, { ignore: [404] });
    const stored = result.found ? result._source : undefined;
    if (!stored || stored.paramsHash !== paramsHash(source)) return undefined;
    return stored.cursor as C;
  }

  async save(source: SourceConfig, cursor: unknown): Promise<void> {
    await this.es.index({
      index: this.index,
      id: source.id,
      document: { sourceId: source.id, type: source.type, paramsHash: paramsHash(source), cursor, updatedAt: new Date().toISOString() } satisfies StoredCheckpoint,
    });
  }

  async remove(sourceId: string): Promise<void> {
    await this.es.delete({ index: this.index, id: sourceId }, { ignore: [404] });
  }
}
