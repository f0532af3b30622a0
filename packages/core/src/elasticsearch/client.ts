import { Client } from '@elastic/elasticsearch';
import { readEnv } from '../env.js';

export function createElasticsearch(url = readEnv().esUrl): Client {
  return new Client({ node: url, requestTimeout: 30_000, maxRetries: 3 });
}
