export {
  analyze,
  createAnalysisContext,
  loadModels,
  type AnalysisContext,
  type AnalysisContextInit,
  type AnalysisModels,
  type AnalysisOptions,
  type AnalysisResult,
  type AnalyzableMention,
} from './analyze.js';
export { normalizeForSearch } from './normalize/search-text.js';
export { tokenize, Token, TokenKind, TokenFlag } from './normalize/tokenize.js';
export { QuerySyntaxError } from './query/errors.js';
export { parseQuery, parseTerm } from './query/parse.js';
export type { QueryNode, WordPattern } from './query/ast.js';
export {
  compileBrands,
  compileQuery,
  matchBrands,
  type Brand,
  type BrandMatch,
  type CompiledBrands,
  type MentionFacts,
} from './query/brands.js';
export { createDuplicateIndex, type DuplicateIndex, type DuplicateIndexOptions } from './duplicates/duplicate-index.js';
export { hammingDistance, simHash, simHashToHex } from './duplicates/simhash.js';
export { LanguageDetector, type DetectedLanguage } from './language/detect.js';
export { SentimentClassifier, type SentimentLabel, type SentimentPrediction } from './sentiment/classifier.js';
export { estimateReach } from './reach.js';
export { classificationReport, type ClassificationReport, type ClassMetrics } from './eval/metrics.js';
export { evaluateSentiment, SENTIMENT_EVALUATION_SETS, type SentimentEvaluation } from './eval/evaluate.js';
export { datasetsDirectory, loadTweetEvalValidation, loadUmsab, type LabelledText } from './eval/datasets.js';
export { formatSentimentEvaluation, formatSentimentSummary } from './eval/report.js';
