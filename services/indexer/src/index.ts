export { startIndexer, type IndexerOptions, type RunningIndexer } from './indexer.js';
