/**
 * Interned word forms. The tokenizer maps every token to one Lexeme, so the later steps
 * (sentiment, language, keyphrases, brand terms, SimHash) look up per-word facts through its
 * integer id in small direct-mapped caches instead of hashing the same string again and again.
 */
export class Lexeme {
  /** stop-word bits per language, set by the keyphrase extractor (-1 until then) */
  stopwords = -1;
  /**
   * SimHash shingle hash as two 16-bit halves (high -1 until computed): V8 keeps small integers
   * in the object itself but boxes a full 32-bit one in a heap number of its own, one more memory read.
   */
  shingleHigh = -1;
  shingleLow = 0;
  /** per-text tally kept by the keyphrase extractor: `count` is valid while `mark` equals its current mark */
  mark = 0;
  count = 0;
  /**
   * The phrase indexes (their current content) whose entries starting with this word are kept here,
   * the last one to scan the word first (see query/phrase-index.ts): two, so that the brand terms
   * and the aspect terms scanned in turn do not take the slot from each other.
   */
  phraseOwner: object | undefined = undefined;
  phraseEntries: object | undefined = undefined;
  otherPhraseOwner: object | undefined = undefined;
  otherPhraseEntries: object | undefined = undefined;
  /** what the sentiment features know of this word for one lexicon (see sentiment/features.ts) */
  sentiment: { readonly lexicon: object } | undefined = undefined;

  constructor(
    /** unique for the life of the process, even after the intern table starts over */
    readonly id: number,
    readonly text: string,
  ) {}
}

/** Forms kept before the table starts over (between two texts): memory stays flat on an endless stream. */
const MAX_INTERNED = 1 << 18;
/** Where intern() itself starts over, for callers that never call {@link startOverWhenFull}. */
const HARD_MAX_INTERNED = MAX_INTERNED * 2;
const interned = new Map<string, Lexeme>();
let nextId = 0;

/**
 * Start the table over if it is full; the tokenizer calls this before each text, so within one
 * text a folded form has exactly one lexeme. Returns whether it started over.
 */
export function startOverWhenFull(): boolean {
  if (interned.size < MAX_INTERNED) return false;
  interned.clear();
  return true;
}

export function intern(text: string): Lexeme {
  let lexeme = interned.get(text);
  if (lexeme === undefined) {
    if (interned.size >= HARD_MAX_INTERNED) interned.clear();
    lexeme = new Lexeme(nextId++, text);
    interned.set(text, lexeme);
  }
  return lexeme;
}

/** A lexeme that is not interned (links: nearly all distinct, nothing to share). */
export function uniqueLexeme(text: string): Lexeme {
  return new Lexeme(nextId++, text);
}

/**
 * A fixed-size direct-mapped cache keyed by lexeme id (a later id takes the slot of an earlier
 * one), so a hit is one array read and memory never grows.
 */
export class LexemeCache<T> {
  /** slot k holds its lexeme id at 2k and the value at 2k + 1: a lookup reads one cache line, not two arrays */
  private readonly slots: (number | T | undefined)[];
  private readonly mask: number;

  constructor(bits = 16) {
    this.slots = new Array<number | T | undefined>(2 << bits);
    for (let slot = 0; slot < 1 << bits; slot++) {
      this.slots[2 * slot] = -1;
      this.slots[2 * slot + 1] = undefined;
    }
    this.mask = (1 << bits) - 1;
  }

  get(id: number): T | undefined {
    const slot = (id & this.mask) * 2;
    return this.slots[slot] === id ? (this.slots[slot + 1] as T) : undefined;
  }

  set(id: number, value: T): void {
    const slot = (id & this.mask) * 2;
    this.slots[slot] = id;
    this.slots[slot + 1] = value;
  }
}
