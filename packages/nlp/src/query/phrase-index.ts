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
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Calls `onMatch(id, start, end)` for every occurrence (inclusive word positions). */
  scan(terms: readonly string[], onMatch: (id: number, start: number, end: number) => void): void {
    const hasPrefixes = this.prefixes.size > 0;
    for (let position = 0; position < terms.length; position++) {
      const term = terms[position] as string;
      const exact = this.exact.get(term);
      if (exact) for (const entry of exact) this.verify(entry, terms, position, onMatch);
      if (hasPrefixes) {
        const longest = Math.min(PREFIX_KEY, term.length);
        for (let length = 1; length <= longest; length++) {
          const bucket = this.prefixes.get(term.slice(0, length));
          if (bucket) for (const entry of bucket) this.verify(entry, terms, position, onMatch);
        }
      }
    }
  }

  private verify(entry: Entry, terms: readonly string[], start: number, onMatch: (id: number, start: number, end: number) => void): void {
    const { words } = entry;
    if (start + words.length > terms.length) return;
    for (let offset = 0; offset < words.length; offset++) {
      const word = words[offset] as WordPattern;
      const term = terms[start + offset] as string;
      if (word.prefix ? !term.startsWith(word.text) : term !== word.text) return;
    }
    for (const id of entry.ids) onMatch(id, start, start + words.length - 1);
  }
}
