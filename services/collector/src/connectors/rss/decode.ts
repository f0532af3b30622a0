import iconv from 'iconv-lite';

/**
 * Decode a feed's bytes: BOM, then the Content-Type charset, then the XML declaration's encoding, else UTF-8.
 * iconv-lite covers the legacy encodings feeds still use (ISO-8859-1, Windows-1252, ...).
 */
export function decodeFeed(body: Buffer, contentType: string | null): string {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return body.toString('utf8', 3);
  const fromHeader = /charset="?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];
  const head = body.toString('latin1', 0, 200);
  const fromDeclaration = /^<\?xml[^>]*encoding=["']([\w.:-]+)["']/i.exec(head)?.[1];
  const encoding = [fromHeader, fromDeclaration].find((e) => e && iconv.encodingExists(e)) ?? 'utf8';
  return iconv.decode(body, encoding);
}
