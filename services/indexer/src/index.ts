export { startIndexer, type IndexerOptions, type RunningIndexer } from './indexer.js';
export { createBody, mentionSource, updateBody } from './bulk.js';
