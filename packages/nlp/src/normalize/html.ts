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
