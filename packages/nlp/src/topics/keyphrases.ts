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
/** In a lexeme's stop-word mask, beside the language bits: a negator, never a keyword. */
const NEGATOR_BIT = 1 << 20;

function excludedMask(lexeme: Lexeme): number {
  if (lexeme.stopwords < 0) lexeme.stopwords = stopwordMask(lexeme.text) | (NEGATORS.has(lexeme.text) ? NEGATOR_BIT : 0);
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
  const excluded = stopwordBit(language) | NEGATOR_BIT;
  // Word frequencies are tallied on the lexemes (one per word within a text), marked for this call.
  const mark = ++currentMark;
  /** content words in text order; runEnds[k] is where run k stops */
  const words: Lexeme[] = [];
  /** content words in order of first occurrence */
  const distinct: Lexeme[] = [];
  const runEnds: number[] = [];
  let lastRunEnd = 0;
  for (const token of tokens) {
    const lexeme = token.lexeme;
    if (token.kind !== TokenKind.Word || lexeme.text.length < 3 || (excludedMask(lexeme) & excluded) !== 0) {
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
  const keywords = (repeats ? distinct.sort(byCountDescending) : words).slice(0, maxKeywords).map(textOf);

  // Candidate phrases as (first word, size, score), in text order; identical phrases tie on score
  // and sort after their first occurrence, which the containment test below then drops.
  const starts: number[] = [];
  const sizes: number[] = [];
  const scores: number[] = [];
  let runStart = 0;
  for (const runEnd of runEnds) {
    const size = Math.min(runEnd - runStart, MAX_PHRASE_WORDS);
    for (let start = runStart; start + size <= runEnd; start++) {
      let sum = 0;
      if (repeats) for (let k = start; k < start + size; k++) sum += (words[k] as Lexeme).count;
      else sum = size;
      starts.push(start);
      sizes.push(size);
      scores.push(sum / size + 0.3 * (size - 1));
    }
    runStart = runEnd;
  }
  const order = repeats ? byScore(scores) : bySize(sizes);
  const topics: string[] = [];
  for (const candidate of order) {
    if (topics.length >= maxTopics) break;
    const start = starts[candidate] as number;
    const size = sizes[candidate] as number;
    const phrase = size === 1 ? (words[start] as Lexeme).text : phraseText(words, start, size);
    if (topics.some((chosen) => chosen.includes(phrase))) continue;
    topics.push(phrase);
  }
  return { topics, keywords };
}

/** Candidate indexes by descending score, then text order. */
function byScore(scores: readonly number[]): number[] {
  return scores.map((_, index) => index).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
}

/** The same order when no word repeats: every candidate then scores 1 + 0.3 per extra word, so longest first, then text order. */
function bySize(sizes: readonly number[]): number[] {
  const order: number[] = [];
  for (let size = MAX_PHRASE_WORDS; size >= 1; size--) for (let index = 0; index < sizes.length; index++) if (sizes[index] === size) order.push(index);
  return order;
}

function textOf(lexeme: Lexeme): string {
  return lexeme.text;
}

function phraseText(words: readonly Lexeme[], start: number, size: number): string {
  let phrase = (words[start] as Lexeme).text;
  for (let k = start + 1; k < start + size; k++) phrase += ` ${(words[k] as Lexeme).text}`;
  return phrase;
}
