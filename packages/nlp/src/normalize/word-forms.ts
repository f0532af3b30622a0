import { foldWord, lastFold } from './fold.js';
import { intern, type Lexeme } from './lexeme.js';

/** TokenFlag.Elongated and TokenFlag.AllCaps (tokenize.ts), as a known spelling remembers them. */
export const FORM_ELONGATED = 1;
export const FORM_ALL_CAPS = 2;

const MAX_FORMS = 1 << 16;
/** At most half full, then the table starts over, so that probes stay short. */
const FORM_SLOTS = MAX_FORMS * 2;
/**
 * Each slot is one 32-byte record: the hash, the length (16 bits) and the flags, then the first
 * INLINE_CHARS code units two per int32, so a known spelling is recognised from one cache line
 * instead of a pointer, an object and a string scattered over the heap.
 */
const RECORD = 8;
const INLINE_CHARS = (RECORD - 2) * 2;
const records = new Int32Array(FORM_SLOTS * RECORD);
const lexemes: (Lexeme | undefined)[] = new Array<Lexeme | undefined>(FORM_SLOTS).fill(undefined);
/** the whole spelling of forms longer than INLINE_CHARS */
const longSpellings = new Map<number, string>();
let formCount = 0;

export const FNV_OFFSET = 0x811c9dc5 | 0;
/** The hash the tokenizer computes over a word's code units as it scans them. */
export function hashCode(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

export function clearForms(): void {
  records.fill(0);
  lexemes.fill(undefined);
  longSpellings.clear();
  formCount = 0;
}

function sameSpelling(text: string, start: number, length: number, slot: number): boolean {
  const base = slot * RECORD + 2;
  const inline = Math.min(length, INLINE_CHARS);
  for (let k = 0; k < inline; k++) {
    const packed = records[base + (k >> 1)] as number;
    if (text.charCodeAt(start + k) !== (k & 1 ? packed >>> 16 : packed & 0xffff)) return false;
  }
  if (length <= INLINE_CHARS) return true;
  const spelling = longSpellings.get(slot) as string;
  if (spelling.length !== length) return false;
  for (let k = INLINE_CHARS; k < length; k++) if (text.charCodeAt(start + k) !== spelling.charCodeAt(k)) return false;
  return true;
}

function store(slot: number, text: string, start: number, length: number, hash: number, flags: number, lexeme: Lexeme): void {
  const base = slot * RECORD;
  records[base] = hash;
  records[base + 1] = Math.min(length, 0xffff) | (flags << 16);
  const inline = Math.min(length, INLINE_CHARS);
  for (let k = 0; k < inline; k += 2) {
    const high = k + 1 < inline ? text.charCodeAt(start + k + 1) << 16 : 0;
    records[base + 2 + (k >> 1)] = text.charCodeAt(start + k) | high;
  }
  if (length > INLINE_CHARS) longSpellings.set(slot, text.slice(start, start + length));
  lexemes[slot] = lexeme;
}

/**
 * The slot of the spelling text[start, end), whose code units hash to `hash` (see {@link hashCode}),
 * folded (see {@link foldWord}) and interned on first sight; read it with {@link formLexeme} and
 * {@link formFlags}. A known spelling costs neither a substring nor a string hash.
 */
export function wordForm(text: string, start: number, end: number, hash: number, hasApostrophe: boolean, hasLetter: boolean): number {
  const length = end - start;
  const lengthField = Math.min(length, 0xffff);
  let slot = (hash ^ (hash >>> 15)) & (FORM_SLOTS - 1);
  for (;;) {
    const base = slot * RECORD;
    const stored = (records[base + 1] as number) & 0xffff;
    if (stored === 0) break;
    if (records[base] === hash && stored === lengthField && sameSpelling(text, start, length, slot)) return slot;
    slot = (slot + 1) & (FORM_SLOTS - 1);
  }
  const raw = text.slice(start, end);
  const folded = foldWord(hasApostrophe ? raw.replace(/['’ʼ]/g, '') : raw);
  let flags = 0;
  if (lastFold.elongated) flags |= FORM_ELONGATED;
  if (hasLetter && lastFold.allCaps) flags |= FORM_ALL_CAPS;
  const lexeme = intern(folded);
  if (formCount >= MAX_FORMS) {
    clearForms();
    slot = (hash ^ (hash >>> 15)) & (FORM_SLOTS - 1);
  }
  store(slot, text, start, length, hash, flags, lexeme);
  formCount++;
  return slot;
}

export function formLexeme(slot: number): Lexeme {
  return lexemes[slot] as Lexeme;
}

/** FORM_ELONGATED | FORM_ALL_CAPS */
export function formFlags(slot: number): number {
  return (records[slot * RECORD + 1] as number) >>> 16;
}
