/**
 * Case and accent folding, done through precomputed tables rather than
 * `String.prototype.normalize` + regex so the per-token cost stays flat.
 */

const FOLD_TABLE_SIZE = 0x2000;
/** folded form of each code point below FOLD_TABLE_SIZE ('' = drop, e.g. combining marks). */
const foldTable: string[] = new Array<string>(FOLD_TABLE_SIZE);
const SPECIAL_FOLDS: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', đ: 'd', ł: 'l', ı: 'i', ŀ: 'l', 'ﬁ': 'fi' };

for (let code = 0; code < FOLD_TABLE_SIZE; code++) {
  const lower = String.fromCharCode(code).toLowerCase();
  const special = SPECIAL_FOLDS[lower];
  if (special !== undefined) {
    foldTable[code] = special;
  } else if (code >= 0x300 && code <= 0x36f) {
    foldTable[code] = '';
  } else if (code >= 0x2b0 && code < 0x370) {
    foldTable[code] = lower;
  } else {
    // Strip combining marks, but keep composed scripts (e.g. Devanagari) intact when stripping would lose letters.
    const stripped = lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    foldTable[code] = stripped.length > 0 && code < 0x530 ? stripped : lower;
  }
}

const EXTRA_FOLDS = new Map<number, string>([
  [0x2019, "'"], [0x2018, "'"], [0x02bc, "'"],
  [0xfb01, 'fi'], [0xfb02, 'fl'],
]);

/** Lowercase and strip accents from one code point. */
export function foldCodePoint(code: number): string {
  if (code < FOLD_TABLE_SIZE) return foldTable[code] as string;
  const extra = EXTRA_FOLDS.get(code);
  if (extra !== undefined) return extra;
  if (code >= 0x1e00 && code <= 0x1eff) return String.fromCharCode(code).toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return String.fromCodePoint(code).toLowerCase();
}

/** Set by the last {@link foldWord} call: whether letters were elongated / the word was all capitals. */
export const lastFold = { elongated: false, allCaps: false };

/**
 * Fold a word: lowercase, strip accents, collapse runs of 3+ identical letters
 * to one (`trèèès` -> `tres`). Plain ASCII words take a fast path.
 */
export function foldWord(word: string): string {
  let upper = 0;
  let lower = 0;
  let previous = -1;
  let run = 0;
  let plain = true;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code >= 0x80) {
      plain = false;
      break;
    }
    if (code >= 65 && code <= 90) upper++;
    else if (code >= 97 && code <= 122) lower++;
    const folded = code >= 65 && code <= 90 ? code + 32 : code;
    if (folded === previous) {
      if (++run >= 2 && (folded < 48 || folded > 57)) {
        plain = false;
        break;
      }
    } else {
      run = 0;
      previous = folded;
    }
  }
  if (plain) {
    lastFold.elongated = false;
    lastFold.allCaps = upper >= 3 && lower === 0;
    return upper > 0 ? word.toLowerCase() : word;
  }
  return foldWordSlowly(word);
}

function foldWordSlowly(word: string): string {
  let out = '';
  let previous = '';
  let run = 0;
  let elongated = false;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    let folded: string;
    if (code < 0x80) {
      folded = code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : (word[i] as string);
    } else if (code >= 0xd800 && code <= 0xdbff) {
      folded = foldCodePoint(word.codePointAt(i) as number);
      i++;
    } else {
      folded = foldCodePoint(code);
    }
    if (folded.length === 0) continue;
    if (folded === previous && folded.length === 1 && !isDigit(folded)) {
      run++;
      if (run === 2) {
        // third identical letter: undo the second one, mark elongation
        out = out.slice(0, -1);
        elongated = true;
      }
      if (run >= 2) continue;
    } else {
      run = 0;
      previous = folded;
    }
    out += folded;
  }
  lastFold.elongated = elongated;
  lastFold.allCaps = word.length >= 3 && word === word.toUpperCase() && word !== word.toLowerCase();
  return out;
}

function isDigit(character: string): boolean {
  const code = character.charCodeAt(0);
  return code >= 48 && code <= 57;
}
