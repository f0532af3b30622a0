import { randomBytes } from 'node:crypto';
import { indexNames, topicNames, type IndexNames, type TopicRole } from '@vigie/core';

export interface Isolation {
  /** Prefix for this test file's topics, indices and consumer groups. */
  prefix: string;
  topics: Record<TopicRole, string>;
  indices: IndexNames;
}

/** Each test file works in its own topics and indices, so files run in parallel without seeing each other's data. */
export function isolate(label: string): Isolation {
  const prefix = `t-${label}-${randomBytes(4).toString('hex')}-`.toLowerCase();
  return { prefix, topics: topicNames(prefix), indices: indexNames(prefix) };
}
