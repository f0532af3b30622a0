import { type BlockEmitter, type FeatureSink, hashString, mixHash } from '../linear/features.js';
import { type Lexeme, uniqueLexeme } from '../normalize/lexeme.js';
import { type Token, TokenFlag, TokenKind } from '../normalize/tokenize.js';
import { Cue, CUES, cueIn, EMOTICON_POLARITY, formulaAt, NEGATED_OVERRIDES, NEGATION_SCOPE, negatesNothing } from './cues.js';
import type { SentimentLexicon } from './lexicon.js';

/** Choices the training script explores; saved with the model so inference extracts the same features. */
export interface SentimentFeatureOptions {
  charMin: number;
  charMax: number;
  /** weight of each character n-gram relative to a word feature */
  charWeight: number;
  wordBigrams: boolean;
  /** also emit word features tagged with the language (language-specific weights on top of shared ones) */
  languageTagged: boolean;
  lexiconWeight: number;
  /** per language, the weights that differ from the ones above */
  weightsByLanguage?: Readonly<Record<string, Partial<Pick<SentimentFeatureOptions, 'charWeight' | 'lexiconWeight'>>>>;
  /** also emit the lexicon and state features tagged with the language (lexicons differ in quality) */
  lexiconTagged?: boolean;
  /** finer lexicon features: each hit's level, the last hit's sign, the strongest hits, negated and emoji hits */
  lexiconDetail?: boolean;
  /** also emit each word's character n-grams tagged with the language */
  charTagged?: boolean;
}

const SEED_WORD = 0x9e3779b1;
const SEED_CHAR = 0x85ebca6b;
const TAG_NEGATED = 0x27d4eb2f;
const TAG_BIGRAM = 0x165667b1;
const SEED_DENSE = 0xc2b2ae35;

const denseHashes = new Map<string, number>();
/** Hash of a named dense feature; names are few, so they are memoised. */
function dense(name: string): number {
  let hash = denseHashes.get(name);
  if (hash === undefined) {
    hash = hashString(name, SEED_DENSE);
    denseHashes.set(name, hash);
  }
  return hash;
}

const POLARITY_BUCKETS = [dense('lex--'), dense('lex-'), dense('lex+'), dense('lex++')];
const PUNCTUATION_FEATURES = new Map([
  ['!', [dense('!'), dense('!!')]],
  ['?', [dense('?'), dense('??')]],
]);
const STATES = ['--', '-N', 'P-', 'PN'];
const STATE_FEATURES = STATES.map((state) => dense(`state:${state}`));
const STATE_URL_FEATURES = STATES.map((state) => dense(`state:${state}:url`));
const STATE_QUESTION_FEATURES = STATES.map((state) => dense(`state:${state}:question`));
const BIAS = dense('bias');
const LEX_POSITIVE = dense('lex:positive');
const LEX_NEGATIVE = dense('lex:negative');
const BALANCE = [dense('lex:balance-'), dense('lex:balance0'), dense('lex:balance+')];
const AFTER_CONTRAST_POSITIVE = dense('lex:after-contrast+');
const AFTER_CONTRAST_NEGATIVE = dense('lex:after-contrast-');
const ELONGATED = dense('elongated');
const LEVELS = Array.from({ length: 11 }, (_, level) => dense(`lex:level${level - 5}`));
const LAST_HIT = [dense('lex:last-'), dense('lex:last+')];
const STRONGEST_POSITIVE = [dense('lex:max+1'), dense('lex:max+2'), dense('lex:max+3')];
const STRONGEST_NEGATIVE = [dense('lex:max-1'), dense('lex:max-2'), dense('lex:max-3')];
/** negated lexicon hits, by the word's own sign: `not bad` (a litotes, often praise) is no `not good` */
const NEGATED_HITS = [dense('lex:negated-negative'), dense('lex:negated-positive')];
const EMOJI_HIT = [dense('emoji-'), dense('emoji+')];
const ALL_CAPS = dense('all-caps');

/** Not memoised: hashing a word costs less than a lookup in a table of a stream's vocabulary. */
const wordHash = (word: string): number => hashString(word, SEED_WORD);

/** Placeholders are scored as the blocks of lexemes of their own (no text has these forms). */
const PLACEHOLDER_URL = uniqueLexeme('<url>');
const PLACEHOLDER_HANDLE = uniqueLexeme('<handle>');
const PLACEHOLDER_NUMBER = uniqueLexeme('<number>');
const BOUNDARY = wordHash('<s>');

/**
 * What feature extraction needs of one word, computed once per lexicon and word and kept on its
 * lexeme. Most words are no cue and in no lexicon: they share one object per lexicon, which stays
 * in the CPU cache where objects of their own would each cost a memory read.
 */
interface WordFacts {
  readonly lexicon: SentimentLexicon;
  /** Cue bits */
  readonly cue: number;
  /** polarity per lexicon language (index in lexicon.languages; NaN: not in that lexicon), or null when in none */
  readonly polarity: Float64Array | null;
  /** per lexicon language: its bigram entries that start with this word (second word -> polarity), or null when in none */
  readonly bigrams: readonly (ReadonlyMap<string, number> | undefined)[] | null;
}

const plainWords = new WeakMap<SentimentLexicon, WordFacts>();
function plainWordFacts(lexicon: SentimentLexicon): WordFacts {
  let facts = plainWords.get(lexicon);
  if (facts === undefined) {
    facts = { lexicon, cue: 0, polarity: null, bigrams: null };
    plainWords.set(lexicon, facts);
  }
  return facts;
}

function wordFacts(lexeme: Lexeme, lexicon: SentimentLexicon): WordFacts {
  const known = lexeme.sentiment as WordFacts | undefined;
  if (known !== undefined && known.lexicon === lexicon) return known;
  const word = lexeme.text;
  let polarity: Float64Array | null = null;
  let bigrams: (ReadonlyMap<string, number> | undefined)[] | null = null;
  lexicon.languages.forEach((language, index) => {
    const value = lexicon.words.get(language)?.get(word);
    if (value !== undefined) {
      polarity ??= new Float64Array(lexicon.languages.length).fill(Number.NaN);
      polarity[index] = value;
    }
    const seconds = lexicon.bigrams.get(language)?.get(word);
    if (seconds !== undefined) {
      bigrams ??= lexicon.languages.map(() => undefined);
      bigrams[index] = seconds;
    }
  });
  const cue = CUES.get(word) ?? 0;
  const facts = cue === 0 && polarity === null && bigrams === null ? plainWordFacts(lexicon) : { lexicon, cue, polarity, bigrams };
  lexeme.sentiment = facts;
  return facts;
}


/** Polarity cues gathered while extracting features; also used for aspect and explanation scoring. */
export interface PolarityCues {
  positive: number;
  negative: number;
  /** polarity after the last contrast word (`mais`, `but`) */
  afterContrast: number;
  sawContrast: boolean;
}

/**
 * Per feature options and language: the emitter of a word's block — its word feature, its
 * language-tagged copy and its character n-grams, which depend on the word, its negation and
 * the language alone — and the language's number in block ids.
 */
interface WordBlocks {
  readonly language: number;
  readonly emit: BlockEmitter;
}
/** Block ids hold the language number above the lexeme id; past this many languages, words are not cached. */
const MAX_BLOCK_LANGUAGES = 1024;
const VARIANT_NEGATED = 1;
const VARIANT_CHARS = 2;
const wordBlocks = new WeakMap<SentimentFeatureOptions, Map<string, WordBlocks>>();

/** The per-language entries kept for one set of feature options. */
function byLanguageFor<T>(cache: WeakMap<SentimentFeatureOptions, Map<string, T>>, options: SentimentFeatureOptions): Map<string, T> {
  let byLanguage = cache.get(options);
  if (byLanguage === undefined) {
    byLanguage = new Map();
    cache.set(options, byLanguage);
  }
  return byLanguage;
}

/** A feature weight for one language: its own if `weightsByLanguage` sets one, else the shared one. */
function weightFor(options: SentimentFeatureOptions, language: string, weight: 'charWeight' | 'lexiconWeight'): number {
  return options.weightsByLanguage?.[language]?.[weight] ?? options[weight];
}

function wordBlocksFor(options: SentimentFeatureOptions, language: string, languageHash: number): WordBlocks {
  const byLanguage = byLanguageFor(wordBlocks, options);
  let blocks = byLanguage.get(language);
  if (blocks === undefined) {
    const charWeight = weightFor(options, language, 'charWeight');
    blocks = {
      language: byLanguage.size,
      emit: (sink, word, variant) => {
        const negated = (variant & VARIANT_NEGATED) !== 0;
        const hash = negated ? mixHash(wordHash(word), TAG_NEGATED) : wordHash(word);
        sink.add(hash);
        if (options.languageTagged) sink.add(mixHash(hash, languageHash));
        // negated words get their own character n-grams so `pas bon` does not fire those of `bon`
        if (variant & VARIANT_CHARS) {
          const seed = negated ? SEED_CHAR ^ TAG_NEGATED : SEED_CHAR;
          addCharNgrams(sink, word, seed, options, charWeight);
          if (options.charTagged) addCharNgrams(sink, word, mixHash(seed, languageHash), options, charWeight);
        }
      },
    };
    byLanguage.set(language, blocks);
  }
  return blocks;
}

/** What extraction needs of a language, for one lexicon and feature options: worked out once, not per text. */
interface LanguageSetup {
  readonly lexicon: SentimentLexicon;
  readonly languageFeature: number;
  /** tag of the language-tagged copies of lexicon and state features (0: none) */
  readonly lexiconTag: number;
  readonly blocks: WordBlocks;
  /** index of the lexicon used (the language's, else English) in lexicon.languages, -1 if none */
  readonly lexiconIndex: number;
  readonly overrides: ReadonlyMap<string, number> | undefined;
  readonly lexiconWeight: number;
}
const setups = new WeakMap<SentimentFeatureOptions, Map<string, LanguageSetup>>();

function setupFor(options: SentimentFeatureOptions, lexicon: SentimentLexicon, language: string): LanguageSetup {
  const byLanguage = byLanguageFor(setups, options);
  let setup = byLanguage.get(language);
  if (setup === undefined || setup.lexicon !== lexicon) {
    const languageHash = wordHash(language);
    const lexiconLanguage = lexicon.words.has(language) ? language : 'en';
    setup = {
      lexicon,
      languageFeature: dense(`lang:${language}`),
      blocks: wordBlocksFor(options, language, languageHash),
      lexiconIndex: lexicon.languages.indexOf(lexiconLanguage),
      overrides: NEGATED_OVERRIDES[lexiconLanguage],
      lexiconTag: options.lexiconTagged ? languageHash | 1 : 0,
      lexiconWeight: weightFor(options, language, 'lexiconWeight'),
    };
    byLanguage.set(language, setup);
  }
  return setup;
}

/** The features of a word's block (see WordBlocks), cached by the sink when it can. */
function addWordBlock(vector: FeatureSink, blocks: WordBlocks, lexeme: Lexeme, variant: number): void {
  if (blocks.language < MAX_BLOCK_LANGUAGES) {
    // the lexeme id in the low 32 bits, what else the block depends on above them
    vector.addBlock(lexeme.id + 0x100000000 * (blocks.language * 4 + variant), lexeme.text, variant, blocks.emit);
  } else {
    blocks.emit(vector, lexeme.text, variant);
  }
}

function addCharNgrams(sink: FeatureSink, word: string, seed: number, options: SentimentFeatureOptions, weight: number): void {
  const length = word.length + 2;
  for (let start = 0; start < length; start++) {
    let hash = seed;
    for (let size = 1; size <= options.charMax && start + size <= length; size++) {
      const position = start + size - 1;
      const code = position === 0 || position === length - 1 ? 32 : word.charCodeAt(position - 1);
      hash = Math.imul(hash ^ code, 0x01000193);
      if (size >= options.charMin) sink.add(hash >>> 0, weight);
    }
  }
}


/** A dense feature, and its copy tagged with the language when `tag` is not 0. */
function addDense(vector: FeatureSink, hash: number, value: number, tag: number): void {
  vector.add(hash, value);
  if (tag !== 0) vector.add(mixHash(hash, tag), value);
}

/** 0, 1, 2 for the strongest hit below 2, below 3, from 3 on (lexicon scale -5..5) */
const strength = (value: number): number => (value >= 3 ? 2 : value >= 2 ? 1 : 0);

/** What `lexiconDetail` gathers over a text's lexicon hits (one scratch object, reset per text). */
const detail = { last: 0, strongestPositive: 0, strongestNegative: 0 };

function addPolarity(cues: PolarityCues, value: number, vector: FeatureSink, lexiconWeight: number, tag: number, detailed: boolean): void {
  if (value > 0) cues.positive += value;
  else cues.negative -= value;
  if (detailed) {
    detail.last = value;
    if (value > detail.strongestPositive) detail.strongestPositive = value;
    if (-value > detail.strongestNegative) detail.strongestNegative = -value;
    addDense(vector, LEVELS[Math.max(-5, Math.min(5, Math.round(value))) + 5] as number, lexiconWeight * 0.5, tag);
  }
  if (cues.sawContrast) cues.afterContrast += value;
  const bucket = value >= 2.5 ? 3 : value > 0 ? 2 : value <= -2.5 ? 0 : 1;
  addDense(vector, POLARITY_BUCKETS[bucket] as number, lexiconWeight * 0.5, tag);
}

/**
 * Extract the hashed features of a token span into `vector` and return the polarity cues.
 * Negation marks the next words (until punctuation or a contrast word) so `not good` and
 * `good` get different weights; intensifiers scale the next lexicon hit.
 */
export function extractSentimentFeatures(
  tokens: readonly Token[],
  start: number,
  end: number,
  language: string,
  lexicon: SentimentLexicon,
  options: SentimentFeatureOptions,
  vector: FeatureSink,
): PolarityCues {
  const cues: PolarityCues = { positive: 0, negative: 0, afterContrast: 0, sawContrast: false };
  const setup = setupFor(options, lexicon, language);
  const { blocks, lexiconIndex, overrides, lexiconTag, lexiconWeight } = setup;
  const { wordBigrams } = options;
  const detailed = options.lexiconDetail === true;
  /** negated lexicon hits of negative words, of positive words */
  let negatedNegativeHits = 0;
  let negatedPositiveHits = 0;
  if (detailed) {
    detail.last = 0;
    detail.strongestPositive = 0;
    detail.strongestNegative = 0;
  }
  const useCharNgrams = options.charMax > 0;
  let negationLeft = 0;
  let intensity = 1;
  let previousHash = BOUNDARY;
  /** the lexicon's bigram entries that start with the previous word, if any */
  let previousBigrams: ReadonlyMap<string, number> | undefined;
  let previousWasNegator = false;
  let elongated = 0;
  let allCaps = 0;
  let hasUrl = false;
  let hasQuestion = false;

  for (let index = start; index < end; index++) {
    const token = tokens[index] as Token;
    let lexeme: Lexeme;
    let polarity = 0;
    switch (token.kind) {
      case TokenKind.Punct:
        negationLeft = 0;
        intensity = 1;
        if (token.text === '?') hasQuestion = true;
        {
          const features = PUNCTUATION_FEATURES.get(token.text);
          if (features) vector.add(features[token.flags & TokenFlag.Repeated ? 1 : 0] as number);
        }
        previousHash = BOUNDARY;
        previousBigrams = undefined;
        previousWasNegator = false;
        continue;
      case TokenKind.Url:
        hasUrl = true;
        lexeme = PLACEHOLDER_URL;
        break;
      case TokenKind.Handle:
        lexeme = PLACEHOLDER_HANDLE;
        break;
      case TokenKind.Number:
        lexeme = PLACEHOLDER_NUMBER;
        break;
      case TokenKind.Emoji:
      case TokenKind.Emoticon: {
        lexeme = token.lexeme;
        const value = token.kind === TokenKind.Emoji ? lexicon.emojis.get(token.text) : EMOTICON_POLARITY.get(token.text);
        if (value !== undefined && value !== 0) polarity = value * (token.flags & TokenFlag.Repeated ? 1.5 : 1);
        break;
      }
      default: {
        // words and hashtags
        const word = token.text;
        if (word === 'http') hasUrl = true; // datasets mask links as a bare `http`
        const facts = wordFacts(token.lexeme, lexicon);
        const cue = cueIn(word, facts.cue, language);
        const formula = cue & Cue.FormulaStart ? formulaAt(tokens, index, end) : undefined;
        if (formula !== undefined) {
          index += formula.words.length - 1;
          if (formula.polarity !== 0) addPolarity(cues, formula.polarity, vector, lexiconWeight, lexiconTag, detailed);
          continue;
        }
        if (cue & Cue.Contrast) {
          cues.sawContrast = true;
          cues.afterContrast = 0;
          negationLeft = 0;
          lexeme = token.lexeme;
          break;
        }
        if (token.flags & TokenFlag.NegativeElision) negationLeft = NEGATION_SCOPE + 1;
        const isNegator = (cue & Cue.Negator) !== 0 && !negatesNothing(tokens, index, end);
        const negated = negationLeft > 0 && !isNegator;
        const variant = (negated ? VARIANT_NEGATED : 0) | (token.kind === TokenKind.Word && word.length > 1 && useCharNgrams ? VARIANT_CHARS : 0);
        addWordBlock(vector, blocks, token.lexeme, variant);
        if (wordBigrams) {
          const hash = negated ? mixHash(wordHash(word), TAG_NEGATED) : wordHash(word);
          vector.add(mixHash(mixHash(previousHash, hash), TAG_BIGRAM));
          previousHash = hash;
        }
        if (token.parts) for (const part of token.parts) vector.add(wordHash(part.text));

        const bigramPolarity = previousBigrams?.get(word);
        // a contraction only looks like a lexicon word (`I'll` is no `ill`); lexicon bigrams that start with one (`can't stand`) still count
        const wordPolarity = facts.polarity === null || lexiconIndex < 0 || token.flags & TokenFlag.Contraction ? Number.NaN : (facts.polarity[lexiconIndex] as number);
        const lexiconPolarity = bigramPolarity ?? (Number.isNaN(wordPolarity) ? undefined : wordPolarity);
        // a lexicon bigram that starts with the negator ("not good", "pas mal") carries the negation: its scope ends there
        const negationCarried = bigramPolarity !== undefined && previousWasNegator;
        if (lexiconPolarity !== undefined && lexiconPolarity !== 0 && !isNegator) {
          let value = lexiconPolarity * intensity;
          if (token.flags & TokenFlag.Elongated) value *= 1.3;
          const negatedHere = negated && !negationCarried;
          if (negatedHere) value = overrides?.get(word) ?? (value > 0 ? -0.9 * value : -0.5 * value);
          addPolarity(cues, value, vector, lexiconWeight, lexiconTag, detailed);
          if (detailed && negatedHere) {
            if (lexiconPolarity > 0) negatedPositiveHits++;
            else negatedNegativeHits++;
          }
        }
        if (token.flags & TokenFlag.Elongated) elongated++;
        if (token.flags & TokenFlag.AllCaps) allCaps++;

        if (isNegator) negationLeft = NEGATION_SCOPE + 1;
        else if (negationCarried) negationLeft = 0;
        else if (negationLeft > 0) negationLeft--;
        intensity = cue & Cue.Intensifier ? 1.5 : cue & Cue.Downtoner ? 0.6 : 1;
        previousBigrams = facts.bigrams === null || lexiconIndex < 0 ? undefined : facts.bigrams[lexiconIndex];
        previousWasNegator = isNegator;
        continue;
      }
    }
    // placeholders, emojis, emoticons and contrast words: a word feature, no character n-grams
    addWordBlock(vector, blocks, lexeme, 0);
    if (wordBigrams) {
      const hash = wordHash(lexeme.text);
      vector.add(mixHash(mixHash(previousHash, hash), TAG_BIGRAM));
      previousHash = hash;
    }
    if (polarity !== 0) {
      addPolarity(cues, polarity, vector, lexiconWeight, lexiconTag, detailed);
      if (detailed) addDense(vector, EMOJI_HIT[polarity > 0 ? 1 : 0] as number, lexiconWeight * 0.5, lexiconTag);
    }
  }

  const weight = lexiconWeight;
  vector.add(BIAS);
  vector.add(setup.languageFeature);
  if (cues.positive > 0) addDense(vector, LEX_POSITIVE, weight * Math.min(cues.positive, 8) / 4, lexiconTag);
  if (cues.negative > 0) addDense(vector, LEX_NEGATIVE, weight * Math.min(cues.negative, 8) / 4, lexiconTag);
  const balance = cues.positive - cues.negative;
  addDense(vector, BALANCE[balance > 0 ? 2 : balance < 0 ? 0 : 1] as number, weight, lexiconTag);
  if (cues.sawContrast && cues.afterContrast !== 0) addDense(vector, cues.afterContrast > 0 ? AFTER_CONTRAST_POSITIVE : AFTER_CONTRAST_NEGATIVE, weight, lexiconTag);
  // which polarities occur, crossed with news-like and question cues: "no opinion word + link" is the typical neutral
  const state = (cues.positive > 0 ? 2 : 0) + (cues.negative > 0 ? 1 : 0);
  addDense(vector, STATE_FEATURES[state] as number, weight, lexiconTag);
  if (hasUrl) addDense(vector, STATE_URL_FEATURES[state] as number, weight, lexiconTag);
  if (hasQuestion) addDense(vector, STATE_QUESTION_FEATURES[state] as number, weight, lexiconTag);
  if (detailed) {
    if (detail.last !== 0) addDense(vector, LAST_HIT[detail.last > 0 ? 1 : 0] as number, weight, lexiconTag);
    if (detail.strongestPositive > 0) addDense(vector, STRONGEST_POSITIVE[strength(detail.strongestPositive)] as number, weight, lexiconTag);
    if (detail.strongestNegative > 0) addDense(vector, STRONGEST_NEGATIVE[strength(detail.strongestNegative)] as number, weight, lexiconTag);
    if (negatedNegativeHits > 0) addDense(vector, NEGATED_HITS[0] as number, weight, lexiconTag);
    if (negatedPositiveHits > 0) addDense(vector, NEGATED_HITS[1] as number, weight, lexiconTag);
  }
  if (elongated > 0) vector.add(ELONGATED);
  if (allCaps > 0) vector.add(ALL_CAPS);
  return cues;
}
