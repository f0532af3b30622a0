import type { Lexeme } from '../normalize/lexeme.js';
import { type Token, TokenKind } from '../normalize/tokenize.js';
import { NEGATORS } from '../sentiment/cues.js';
import { stopwordBit, stopwordMask } from './stopwords.js';

export interface Keyphrases {
  /** 1–3-word phrases, most salient first */
  topics: string[];
  /** content words, most frequent first */
  keywords: string[];
}

const MAX_PHRASE_WORDS = 3;
/** Words shorter than this are never keywords. */
const MIN_KEYWORD_LENGTH = 3;
/** In a lexeme's stop-word mask, beside the language bits: a negator or a word too short, never a keyword. */
const NEGATOR_BIT = 1 << 20;
const SHORT_BIT = 1 << 21;

function excludedMask(lexeme: Lexeme): number {
  if (lexeme.stopwords < 0) {
    const text = lexeme.text;
    lexeme.stopwords = stopwordMask(text) | (NEGATORS.has(text) ? NEGATOR_BIT : 0) | (text.length < MIN_KEYWORD_LENGTH ? SHORT_BIT : 0);
  }
  return lexeme.stopwords;
}

let currentMark = 0;

function byCountDescending(a: Lexeme, b: Lexeme): number {
  return b.count - a.count;
}

/**
 * Runs of content words between stop-words and punctuation are the candidate phrases
 * (RAKE-style); a phrase scores the mean frequency of its words plus a bonus per extra word,
 * so a repeated pair beats a longer phrase seen once.
 */
export function extractKeyphrases(tokens: readonly Token[], language: string, maxTopics: number, maxKeywords: number): Keyphrases {
  const excluded = stopwordBit(language) | NEGATOR_BIT | SHORT_BIT;
  // Word frequencies are tallied on the lexemes (one per word within a text), marked for this call.
  const mark = ++currentMark;
  /** content words in text order; runEnds[k] is where run k stops */
  const words: Lexeme[] = [];
  /** content words in order of first occurrence */
  const distinct: Lexeme[] = [];
  const runEnds: number[] = [];
  let lastRunEnd = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t] as Token;
    const lexeme = token.lexeme;
    if (token.kind !== TokenKind.Word || (excludedMask(lexeme) & excluded) !== 0) {
      if (words.length > lastRunEnd) runEnds.push((lastRunEnd = words.length));
      continue;
    }
    if (lexeme.mark !== mark) {
      lexeme.mark = mark;
      lexeme.count = 0;
      distinct.push(lexeme);
    }
    lexeme.count++;
    words.push(lexeme);
  }
  if (words.length > lastRunEnd) runEnds.push(words.length);

  // Most posts repeat no content word: then keywords keep text order, and phrases rank by size, then text order.
  const repeats = distinct.length < words.length;
  // the sort is stable: equal counts keep the order of first occurrence
  const keywords = textsOf(repeats ? distinct.sort(byCountDescending) : words, maxKeywords);
  const topics = repeats ? topicsByScore(words, runEnds, maxTopics) : topicsBySize(words, runEnds, maxTopics);
  return { topics, keywords };
}

/** Candidate phrases (first word, size) in text order: each run's windows of min(run length, MAX_PHRASE_WORDS) words. */
function forEachCandidate(runEnds: readonly number[], visit: (start: number, size: number) => void): void {
  let runStart = 0;
  for (let r = 0; r < runEnds.length; r++) {
    const runEnd = runEnds[r] as number;
    const size = Math.min(runEnd - runStart, MAX_PHRASE_WORDS);
    for (let start = runStart; start + size <= runEnd; start++) visit(start, size);
    runStart = runEnd;
  }
}

/**
 * Candidates by descending score, then text order; identical phrases tie on score and come after
 * their first occurrence, which the containment test of {@link addTopic} then drops.
 */
function topicsByScore(words: readonly Lexeme[], runEnds: readonly number[], maxTopics: number): string[] {
  const starts: number[] = [];
  const sizes: number[] = [];
  const scores: number[] = [];
  forEachCandidate(runEnds, (start, size) => {
    let sum = 0;
    for (let k = start; k < start + size; k++) sum += (words[k] as Lexeme).count;
    starts.push(start);
    sizes.push(size);
    scores.push(sum / size + 0.3 * (size - 1));
  });
  const order = scores.map((_, index) => index).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  const topics: string[] = [];
  for (let k = 0; k < order.length && topics.length < maxTopics; k++) {
    const candidate = order[k] as number;
    addTopic(topics, words, starts[candidate] as number, sizes[candidate] as number);
  }
  return topics;
}

/** When no word repeats every candidate scores 1 + 0.3 per extra word: longest first, then text order. */
function topicsBySize(words: readonly Lexeme[], runEnds: readonly number[], maxTopics: number): string[] {
  const topics: string[] = [];
  for (let size = MAX_PHRASE_WORDS; size >= 1 && topics.length < maxTopics; size--) {
    let runStart = 0;
    for (let r = 0; r < runEnds.length && topics.length < maxTopics; r++) {
      const runEnd = runEnds[r] as number;
      if (Math.min(runEnd - runStart, MAX_PHRASE_WORDS) === size) {
        for (let start = runStart; start + size <= runEnd && topics.length < maxTopics; start++) addTopic(topics, words, start, size);
      }
      runStart = runEnd;
    }
  }
  return topics;
}

/** Add the phrase words[start, start + size) unless a topic already chosen contains it. */
function addTopic(topics: string[], words: readonly Lexeme[], start: number, size: number): void {
  const phrase = size === 1 ? (words[start] as Lexeme).text : phraseText(words, start, size);
  for (let k = 0; k < topics.length; k++) if ((topics[k] as string).includes(phrase)) return;
  topics.push(phrase);
}

/** The texts of the first `max` lexemes (as `slice(0, max)` takes them). */
function textsOf(lexemes: readonly Lexeme[], max: number): string[] {
  if (!Number.isInteger(max) || max < 0) return lexemes.slice(0, max).map((lexeme) => lexeme.text);
  const count = Math.min(lexemes.length, max);
  const texts = new Array<string>(count);
  for (let k = 0; k < count; k++) texts[k] = (lexemes[k] as Lexeme).text;
  return texts;
}

function phraseText(words: readonly Lexeme[], start: number, size: number): string {
  let phrase = (words[start] as Lexeme).text;
  for (let k = start + 1; k < start + size; k++) phrase = phrase + ' ' + (words[k] as Lexeme).text;
  return phrase;
}
