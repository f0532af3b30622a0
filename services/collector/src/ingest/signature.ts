import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-vigie-signature';
export const TIMESTAMP_HEADER = 'x-vigie-timestamp';

/** `sha256=<hex>` HMAC-SHA256 of `<timestamp>.<raw body>`: what a sender puts in `X-Vigie-Signature`. */
export function signIngestBody(secret: string, timestamp: number | string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Check the timestamp window first (replays refused), then the signature against each accepted secret. */
export function checkSignature(options: {
  secrets: readonly string[];
  timestamp: string | undefined;
  signature: string | undefined;
  body: Buffer;
  nowMs: number;
  maxAgeMs: number;
}): SignatureCheck {
  const { timestamp, signature } = options;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: `missing or malformed ${TIMESTAMP_HEADER} (unix seconds)` };
  const ageMs = options.nowMs - Number(timestamp) * 1000;
  if (Math.abs(ageMs) > options.maxAgeMs) {
    return { ok: false, reason: `${TIMESTAMP_HEADER} is ${Math.round(ageMs / 1000)} s away from now, outside the ${options.maxAgeMs / 1000} s window; sign with the current time` };
  }
  if (!signature?.startsWith('sha256=')) return { ok: false, reason: `missing or malformed ${SIGNATURE_HEADER} (expected sha256=<hex>)` };
  const given = Buffer.from(signature);
  const matches = options.secrets.some((secret) => {
    const expected = Buffer.from(signIngestBody(secret, timestamp, options.body));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  return matches ? { ok: true } : { ok: false, reason: `${SIGNATURE_HEADER} does not match HMAC-SHA256 of '<timestamp>.<body>' with the shared secret` };
}
