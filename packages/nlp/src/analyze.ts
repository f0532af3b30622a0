import type { Analysis, RawMention } from '@vigie/core';
import { type CompiledAspects, compileAspects } from './aspects/aspects.js';
import { createDuplicateIndex, type DuplicateIndex, type DuplicateIndexOptions } from './duplicates/duplicate-index.js';
import { simHash, simHashToHex } from './duplicates/simhash.js';
import { LanguageDetector } from './language/detect.js';
import { foldWord } from './normalize/fold.js';
import type { Lexeme } from './normalize/lexeme.js';
import { appendSearchTerms, joinTexts, searchTermTokens } from './normalize/search-text.js';
import { type Token, TokenKind, tokenize } from './normalize/tokenize.js';
import { type Brand, type BrandMatch, type CompiledBrands, compileBrands, matchBrandTerms } from './query/brands.js';
import { estimateReach } from './reach.js';
import { SentimentClassifier, type SentimentLabel } from './sentiment/classifier.js';
import { isContrastWord } from './sentiment/cues.js';
import { extractKeyphrases } from './topics/keyphrases.js';

/** What analyze() needs of a mention: a RawMention fits, and so does a bare `{id, text}`. */
export type AnalyzableMention = Pick<RawMention, 'id' | 'text'> &
  Partial<Pick<RawMention, 'title' | 'lang' | 'source' | 'author' | 'metrics' | 'sourceBrands'>>;

export type AnalysisResult = Analysis;

export interface AnalysisOptions {
  maxTopics: number;
  maxKeywords: number;
}

export interface AnalysisModels {
  sentiment: SentimentClassifier;
  language: LanguageDetector;
}

export interface AnalysisContext {
  brands: CompiledBrands;
  aspects: CompiledAspects;
  /** links near-duplicates to the first mention seen; omit to only fingerprint */
  duplicates?: DuplicateIndex | undefined;
  models: AnalysisModels;
  options: AnalysisOptions;
}

let sharedModels: AnalysisModels | undefined;
/** The shipped models, loaded once per process. */
export function loadModels(): AnalysisModels {
  sharedModels ??= { sentiment: SentimentClassifier.load(), language: LanguageDetector.load() };
  return sharedModels;
}

export interface AnalysisContextInit {
  brands?: readonly Brand[];
  /** true for a fresh in-memory index, or an index to share */
  duplicates?: boolean | DuplicateIndexOptions | DuplicateIndex;
  options?: Partial<AnalysisOptions>;
}

/** Compile the brand queries and aspects once, load the models, and set the options. */
export function createAnalysisContext(init: AnalysisContextInit = {}): AnalysisContext {
  const brands = compileBrands(init.brands ?? []);
  const duplicates =
    init.duplicates === undefined || init.duplicates === false
      ? undefined
      : init.duplicates === true
        ? createDuplicateIndex()
        : 'check' in init.duplicates
          ? init.duplicates
          : createDuplicateIndex(init.duplicates);
  return {
    brands,
    aspects: compileAspects(brands),
    duplicates,
    models: loadModels(),
    options: { maxTopics: 5, maxKeywords: 10, ...init.options },
  };
}

const CLAUSE_PUNCTUATION = new Set(['.', '!', '?', ';', ',']);
/** A clause this short ("le prix,") borrows the next clause, where the opinion usually is. */
const MIN_CLAUSE_WORDS = 3;

function clauseAround(tokens: readonly Token[], index: number, language: string): [number, number] {
  let start = index;
  while (start > 0) {
    const previous = tokens[start - 1] as Token;
    if (previous.kind === TokenKind.Punct && CLAUSE_PUNCTUATION.has(previous.text)) break;
    if (isContrastWord((tokens[start] as Token).text, language)) break;
    start--;
  }
  let end = index + 1;
  let words = 0;
  for (let i = start; i < end; i++) if ((tokens[i] as Token).kind === TokenKind.Word) words++;
  while (end < tokens.length) {
    const token = tokens[end] as Token;
    const boundary = (token.kind === TokenKind.Punct && CLAUSE_PUNCTUATION.has(token.text)) || isContrastWord(token.text, language);
    if (boundary && words >= MIN_CLAUSE_WORDS) break;
    if (token.kind === TokenKind.Word) words++;
    end++;
  }
  return [start, end];
}

const NO_FACTS: readonly string[] = [];

function authorFacts(author: NonNullable<AnalyzableMention['author']>): string[] {
  return [author.handle, author.name].filter((value): value is string => value !== undefined).map((value) => foldWord(value.replace(/^@/, '')));
}

function unique(values: string[]): string[] {
  return values.length < 2 ? values : [...new Set(values)];
}

function detectedLanguage(detector: LanguageDetector, tokens: readonly Token[]): Analysis['language'] {
  const { code, confidence } = detector.detect(tokens);
  return { code, confidence, source: 'detected' };
}

function labelOf(score: number): SentimentLabel {
  return score > 0.15 ? 'positive' : score < -0.15 ? 'negative' : 'neutral';
}

/** Enrich one mention: everything the analyzer adds to the Mention contract. Pure apart from the duplicate index. */
export function analyze(mention: AnalyzableMention, context: AnalysisContext): AnalysisResult {
  const { models, brands: compiledBrands } = context;
  const tokens = tokenize(mention.title ? `${mention.title}\n.\n${mention.text}` : mention.text);

  const words: Lexeme[] = [];
  const hashtags: string[] = [];
  const handles: string[] = [];
  const links: string[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    appendSearchTerms(token, words);
    if (token.kind === TokenKind.Hashtag) hashtags.push(token.text);
    else if (token.kind === TokenKind.Handle) handles.push(token.text);
    else if (token.kind === TokenKind.Url) links.push(token.text);
  }

  const language = mention.lang ? { code: mention.lang.toLowerCase(), confidence: 1, source: 'source' as const } : detectedLanguage(models.language, tokens);

  const prediction = models.sentiment.classify(tokens, 0, tokens.length, language.code);

  const brandMatches: BrandMatch[] =
    compiledBrands.brands.length === 0
      ? []
      : matchBrandTerms(compiledBrands, words, {
          lang: [language.code],
          source: mention.source ? [mention.source] : NO_FACTS,
          author: mention.author ? authorFacts(mention.author) : NO_FACTS,
        });
  for (const brand of mention.sourceBrands ?? []) {
    if (!brandMatches.some((match) => match.brand === brand)) brandMatches.push({ brand, terms: [] });
  }

  const aspects: Analysis['aspects'] = [];
  if (context.aspects.entries.length > 0 && brandMatches.length > 0) {
    const matchedBrandIndexes = new Set(brandMatches.map((match) => compiledBrands.byId.get(match.brand)?.index));
    const wordTokens = searchTermTokens(tokens);
    const clausesByAspect = new Map<number, Set<number>>();
    context.aspects.index.scanLexemes(words, (id, start) => {
      if (!matchedBrandIndexes.has(context.aspects.entries[id]?.brandIndex)) return;
      const tokenIndex = wordTokens[start] as number;
      const clauses = clausesByAspect.get(id) ?? clausesByAspect.set(id, new Set()).get(id)!;
      clauses.add(tokenIndex);
    });
    const clauseScores = new Map<string, number>();
    for (const [id, tokenIndexes] of clausesByAspect) {
      const entry = context.aspects.entries[id]!;
      let total = 0;
      for (const tokenIndex of tokenIndexes) {
        const [start, end] = clauseAround(tokens, tokenIndex, language.code);
        const key = `${start}:${end}`;
        let score = clauseScores.get(key);
        if (score === undefined) {
          score = models.sentiment.classify(tokens, start, end, language.code).score;
          clauseScores.set(key, score);
        }
        total += score;
      }
      const score = Math.round((total / tokenIndexes.size) * 1000) / 1000;
      aspects.push({ name: entry.name, brand: compiledBrands.brands[entry.brandIndex]!.brand.id, label: labelOf(score), score });
    }
  }

  const { topics, keywords } = extractKeyphrases(tokens, language.code, context.options.maxTopics, context.options.maxKeywords);
  const hash = simHash(tokens);
  const fingerprint = simHashToHex(hash);
  // Fewer than five shingles (e.g. "lol", "merci !") would make every short post a copy of another.
  const duplicateOf = context.duplicates && hash.features >= 5 ? context.duplicates.check(mention.id, hash) : undefined;

  const result: AnalysisResult = {
    brands: brandMatches.map((match) => match.brand),
    brandMatches,
    language,
    sentiment: { label: prediction.label, score: prediction.score, confidence: prediction.confidence },
    aspects,
    aspectNames: unique(aspects.map((aspect) => aspect.name)),
    negativeAspects: unique(aspects.filter((aspect) => aspect.label === 'negative').map((aspect) => aspect.name)),
    topics,
    keywords,
    hashtags: unique(hashtags),
    handles: unique(handles),
    links: unique(links),
    fingerprint,
    reach: estimateReach(mention),
    textNormalized: joinTexts(words),
  };
  if (duplicateOf !== undefined) result.duplicateOf = duplicateOf;
  return result;
}
