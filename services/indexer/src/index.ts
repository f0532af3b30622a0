export { startIndexer, type IndexerOptions, type RunningIndexer } from './indexer.js';
export { createLines, mentionJson, updateLines } from './bulk.js';
