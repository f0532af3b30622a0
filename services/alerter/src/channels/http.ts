import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DeliveryError } from './errors.js';
import { checkUrlSyntax, guardedLookup, RefusedUrlError, type OutboundPolicy } from './url-guard.js';

const TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

/** POST a JSON body through the SSRF guard; 2xx resolves, 4xx (except 408/429) is permanent, the rest is retried. */
export async function postJson(raw: string, body: string, headers: Record<string, string>, policy: OutboundPolicy): Promise<string> {
  let url: URL;
  try {
    url = checkUrlSyntax(raw, policy);
  } catch (error) {
    throw new DeliveryError((error as Error).message, true);
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<string>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(policy, raw),
        headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'vigie-alerter', ...headers },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve(text);
          const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
          reject(new DeliveryError(`${url.host} answered HTTP ${status}: ${text.slice(0, 200)}`, permanent));
        });
        res.on('error', (error) => reject(new DeliveryError(`reading the answer of ${url.host} failed: ${error.message}`, false)));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', (error) => {
      reject(error instanceof RefusedUrlError ? new DeliveryError(error.message, true) : new DeliveryError(`POST to ${url.host} failed: ${error.message}`, false));
    });
    req.end(body);
  });
}
