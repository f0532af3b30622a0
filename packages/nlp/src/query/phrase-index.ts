import { intern, type Lexeme, LexemeCache } from '../normalize/lexeme.js';
import type { WordPattern } from './ast.js';

interface Entry {
  readonly words: readonly WordPattern[];
  readonly ids: number[];
}

/**
 * The entries one word can start, in the order their matches are reported. Phrases whose second
 * word is exact are grouped by it, so a first word that opens many phrases (`produit 1`,
 * `produit 2`, …) costs one lookup of the next word instead of one comparison per phrase.
 */
class Candidates {
  constructor(
    /** entries to verify at every occurrence: single words, and phrases whose second word is a prefix */
    readonly always: readonly Entry[],
    /** the other phrases by their second word, or undefined when there are none */
    readonly bySecondWord: ReadonlyMap<string, readonly Entry[]> | undefined,
    /** each entry's place in the report order, to interleave `always` with a group */
    readonly rank: ReadonlyMap<Entry, number> | undefined,
  ) {}

  static readonly NONE = new Candidates([], undefined, undefined);

  static of(entries: readonly Entry[]): Candidates {
    if (entries.length === 0) return Candidates.NONE;
    const always: Entry[] = [];
    const bySecondWord = new Map<string, Entry[]>();
    for (const entry of entries) {
      const second = entry.words[1];
      if (second === undefined || second.prefix) always.push(entry);
      else (bySecondWord.get(second.text) ?? bySecondWord.set(second.text, []).get(second.text)!).push(entry);
    }
    if (bySecondWord.size === 0) return new Candidates(always, undefined, undefined);
    return new Candidates(always, bySecondWord, new Map(entries.map((entry, rank) => [entry, rank])));
  }
}

/** Longest prefix-wildcard key; longer prefixes are bucketed by their first PREFIX_KEY characters. */
const PREFIX_KEY = 3;

/**
 * All the terms and phrases of all the queries in one map keyed by their first word,
 * so scanning a mention costs a few lookups per word whatever the number of queries.
 */
export class PhraseIndex {
  private readonly byKey = new Map<string, Entry>();
  private readonly exact = new Map<string, Entry[]>();
  private readonly prefixes = new Map<string, Entry[]>();
  /** per lexeme: the entries whose first word it matches (computed on first sight; dropped by add()) */
  private candidates: LexemeCache<Candidates> | undefined;
  /** names the current content in the lexemes' own candidate slot (see Lexeme.phraseOwner); replaced by add() */
  private version: object = {};

  /** Register a term or phrase under an id; identical patterns share one entry. */
  add(words: readonly WordPattern[], id: number): void {
    const key = words.map((word) => (word.prefix ? `${word.text}*` : word.text)).join(' ');
    let entry = this.byKey.get(key);
    if (entry === undefined) {
      entry = { words, ids: [] };
      this.byKey.set(key, entry);
      const first = words[0] as WordPattern;
      const table = first.prefix ? this.prefixes : this.exact;
      const bucket = first.prefix ? first.text.slice(0, PREFIX_KEY) : first.text;
      const list = table.get(bucket);
      if (list) list.push(entry);
      else table.set(bucket, [entry]);
    }
    if (!entry.ids.includes(id)) entry.ids.push(id);
    this.candidates = undefined;
    this.version = {};
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Calls `onMatch(id, start, end)` for every occurrence (inclusive word positions). */
  scan(terms: readonly string[], onMatch: (id: number, start: number, end: number) => void): void {
    this.scanLexemes(terms.map(intern), onMatch);
  }

  /** {@link scan} over interned terms: one cached lookup per term finds the entries it can start. */
  scanLexemes(terms: readonly Lexeme[], onMatch: (id: number, start: number, end: number) => void): void {
    if (this.byKey.size === 0) return;
    for (let position = 0; position < terms.length; position++) {
      const { always, bySecondWord, rank } = this.candidatesOf(terms[position] as Lexeme);
      const group = bySecondWord === undefined || position + 1 === terms.length ? undefined : bySecondWord.get((terms[position + 1] as Lexeme).text);
      if (group === undefined) {
        for (let e = 0; e < always.length; e++) this.verify(always[e] as Entry, terms, position, onMatch);
      } else {
        // both lists are in report order: merge them
        let a = 0;
        let g = 0;
        while (a < always.length || g < group.length) {
          const fromAlways = g === group.length || (a < always.length && (rank!.get(always[a]!) as number) < (rank!.get(group[g]!) as number));
          this.verify((fromAlways ? always[a++] : group[g++]) as Entry, terms, position, onMatch);
        }
      }
    }
  }

  /** The entries `term` can start: kept on the lexeme while this index is one of the last two to scan it, else in a cache by lexeme id. */
  private candidatesOf(term: Lexeme): Candidates {
    if (term.phraseOwner === this.version) return term.phraseEntries as Candidates;
    if (term.otherPhraseOwner === this.version) return term.otherPhraseEntries as Candidates;
    // a small index (one API query) needs a small cache
    const cache = (this.candidates ??= new LexemeCache(this.byKey.size < 64 ? 12 : 16));
    let candidates = cache.get(term.id);
    if (candidates === undefined) {
      candidates = Candidates.of(this.entriesStartingWith(term.text));
      cache.set(term.id, candidates);
    }
    // the lexeme is in cache already: the last two indexes to scan it keep their entries there
    term.otherPhraseOwner = term.phraseOwner;
    term.otherPhraseEntries = term.phraseEntries;
    term.phraseOwner = this.version;
    term.phraseEntries = candidates;
    return candidates;
  }

  private entriesStartingWith(term: string): readonly Entry[] {
    const found: Entry[] = [...(this.exact.get(term) ?? [])];
    if (this.prefixes.size > 0) {
      const longest = Math.min(PREFIX_KEY, term.length);
      for (let length = 1; length <= longest; length++) {
        for (const entry of this.prefixes.get(term.slice(0, length)) ?? []) {
          if (term.startsWith((entry.words[0] as WordPattern).text)) found.push(entry);
        }
      }
    }
    return found;
  }

  /** The first word is known to match; check the others. */
  private verify(entry: Entry, terms: readonly Lexeme[], start: number, onMatch: (id: number, start: number, end: number) => void): void {
    const { words } = entry;
    if (start + words.length > terms.length) return;
    for (let offset = 1; offset < words.length; offset++) {
      const word = words[offset] as WordPattern;
      const term = (terms[start + offset] as Lexeme).text;
      if (word.prefix ? !term.startsWith(word.text) : term !== word.text) return;
    }
    for (const id of entry.ids) onMatch(id, start, start + words.length - 1);
  }
}
