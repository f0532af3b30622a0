export { startAnalyzer, type AnalyzerOptions, type RunningAnalyzer } from './analyzer.js';
