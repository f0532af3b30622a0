const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“',
  hellip: '…', mdash: '—', ndash: '–', laquo: '«', raquo: '»', eacute: 'é', egrave: 'è', ecirc: 'ê', euml: 'ë',
  agrave: 'à', acirc: 'â', auml: 'ä', ccedil: 'ç', icirc: 'î', iuml: 'ï', ocirc: 'ô', ouml: 'ö', ugrave: 'ù',
  ucirc: 'û', uuml: 'ü', ntilde: 'ñ', aacute: 'á', iacute: 'í', oacute: 'ó', uacute: 'ú', oelig: 'œ', szlig: 'ß',
  Eacute: 'É', Egrave: 'È', Agrave: 'À', Ccedil: 'Ç', euro: '€', copy: '©', reg: '®', trade: '™',
};

const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g;
const TAG = /<\/?[a-zA-Z][^<>]*>/g;

function decodeEntity(match: string, body: string): string {
  if (body.charCodeAt(0) === 35 /* # */) {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
  }
  return NAMED_ENTITIES[body] ?? match;
}

/** Decode HTML entities and drop tags; cheap no-op for the usual plain text. */
export function decodeHtml(text: string): string {
  let result = text;
  if (result.includes('<')) result = result.replace(TAG, ' ');
  if (result.includes('&')) {
    // twice, for double-encoded feeds (`&amp;eacute;`)
    result = result.replace(ENTITY, decodeEntity);
    if (result.includes('&')) result = result.replace(ENTITY, decodeEntity);
  }
  return result;
}

/** A `\uXXXX` escape, or a pair of them that spells one astral character (an emoji) in UTF-16. */
const UNICODE_ESCAPE = /\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})|\\u([0-9a-f]{4})/gi;

function decodeUnicodeEscape(match: string, high: string | undefined, low: string | undefined, single: string | undefined): string {
  if (single === undefined) return String.fromCharCode(parseInt(high as string, 16), parseInt(low as string, 16));
  const code = parseInt(single, 16);
  return code >= 0xd800 && code <= 0xdfff ? match : String.fromCharCode(code);
}

/**
 * Decode literal `\uXXXX` escapes, which exports that encode JSON twice leave in the text (`don\u2019t`, `\u002c`):
 * left as they are, they split the word and hide a negation or a contraction.
 */
export function decodeUnicodeEscapes(text: string): string {
  return text.includes('\\u') ? text.replace(UNICODE_ESCAPE, decodeUnicodeEscape) : text;
}
