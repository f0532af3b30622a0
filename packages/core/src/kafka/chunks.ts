import type { Message } from 'kafkajs';

/**
 * Kafka limits each produced record batch (`max.message.bytes`, 2 MiB on Vigie's topics), and kafkajs
 * puts all of one send's messages for a partition in one batch: split a large output into sends of at
 * most `maxBytes` (a single larger message still goes alone).
 */
export function chunkMessages(messages: readonly Message[], maxBytes = 768 * 1024): Message[][] {
  const chunks: Message[][] = [];
  let current: Message[] = [];
  let size = 0;
  for (const message of messages) {
    const bytes = byteLength(message.value) + byteLength(message.key) + 64;
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(message);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function byteLength(value: Message['value'] | Message['key']): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}
