import { createHash } from 'node:crypto';
import type { SourceType } from './mention.js';

/** Stable mention id: the same source item always gets the same id, so every write is idempotent. */
export function mentionId(source: SourceType, sourceId: string): string {
  const digest = createHash('sha256').update(`${source}\u0000${sourceId}`).digest('hex');
  return `${source}-${digest.slice(0, 32)}`;
}
