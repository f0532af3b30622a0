export { startIndexer, type IndexerOptions, type RunningIndexer } from './indexer.js';
export { bulkLines, mentionJson } from './bulk.js';
