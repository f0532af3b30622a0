import { intern, type Lexeme, LexemeCache } from '../normalize/lexeme.js';
import type { WordPattern } from './ast.js';

interface Entry {
  readonly words: readonly WordPattern[];
  readonly ids: number[];
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
  private candidates: LexemeCache<readonly Entry[]> | undefined;
  /** names the current content in the lexemes' own candidate slot (see Lexeme.phraseOwner); replaced by add() */
  private version: object = {};
  private static readonly NONE: readonly Entry[] = [];

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
    // a small index (one API query) needs a small cache
    const candidates = (this.candidates ??= new LexemeCache(this.byKey.size < 64 ? 12 : 16));
    const version = this.version;
    for (let position = 0; position < terms.length; position++) {
      const term = terms[position] as Lexeme;
      let entries: readonly Entry[] | undefined;
      if (term.phraseOwner === version) {
        entries = term.phraseEntries as readonly Entry[];
      } else {
        entries = candidates.get(term.id);
        if (entries === undefined) {
          entries = this.entriesStartingWith(term.text);
          candidates.set(term.id, entries);
        }
        // the lexeme is in cache already: the last index to scan it keeps its entries there
        term.phraseOwner = version;
        term.phraseEntries = entries;
      }
      for (let e = 0; e < entries.length; e++) this.verify(entries[e] as Entry, terms, position, onMatch);
    }
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
    return found.length === 0 ? PhraseIndex.NONE : found;
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
