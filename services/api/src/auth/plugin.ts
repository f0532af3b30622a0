import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKey, ApiScope, ConfigStore, Logger } from '@vigie/core';
import { HttpProblem } from '../problem.js';
import { Refreshing } from '../refreshing.js';
import { BOOTSTRAP_KEY_ID, grants, hashSecret, keyIdOf, tokenMatches } from './keys.js';

declare module 'fastify' {
  interface FastifyRequest {
    apiKey?: ApiKey;
  }
  interface FastifyContextConfig {
    /** Scope a route needs; routes without one are public (health, metrics, docs). */
    scope?: ApiScope;
  }
}

const KEY_MAX_AGE_MS = 5_000;
const MAX_CACHED_KEYS = 10_000;
const MIN_BOOTSTRAP_LENGTH = 24;

/**
 * Keys by id, read from the config store and re-read every few seconds (a key revoked by another API
 * instance stops working within that time); revocations through this instance apply at once.
 */
export class KeyRing {
  private readonly cache = new Map<string, Refreshing<ApiKey | null>>();

  constructor(private readonly store: ConfigStore) {}

  find(id: string): Promise<ApiKey | null> {
    let key = this.cache.get(id);
    if (!key) {
      if (this.cache.size >= MAX_CACHED_KEYS) this.cache.clear();
      key = new Refreshing(() => this.read(id), KEY_MAX_AGE_MS);
      this.cache.set(id, key);
    }
    return key.get();
  }

  forget(id: string): void {
    this.cache.delete(id);
  }

  private read(id: string): Promise<ApiKey | null> {
    return this.store.get('api_key', id).catch((error: unknown) => {
      if ((error as { code?: string }).code === 'not_found') return null;
      throw error;
    });
  }
}

function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}

const unauthorized = (detail: string) =>
  new HttpProblem(401, 'Unauthorized', detail, [], { 'www-authenticate': 'Bearer realm="vigie"' });

export function installAuth(app: FastifyInstance, keys: KeyRing): void {
  app.addHook('onRequest', async (request) => {
    const needed = request.routeOptions.config?.scope;
    if (!needed) return;
    const token = presentedToken(request);
    if (!token) throw unauthorized('no API key: send it as "Authorization: Bearer <key>" or "X-API-Key: <key>"');
    if (token.length > 512) throw unauthorized('the API key is not valid');
    const key = await keys.find(keyIdOf(token));
    if (!key || !tokenMatches(token, key)) throw unauthorized('the API key is not valid');
    if (key.revokedAt) throw unauthorized(`the API key '${key.id}' was revoked at ${key.revokedAt}; ask an admin for a new one`);
    if (!grants(key.scopes, needed)) {
      throw new HttpProblem(403, 'Forbidden', `this route needs the '${needed}' scope; key '${key.id}' has ${key.scopes.join(', ')}`);
    }
    request.apiKey = key;
  });
}

/** On first start (no key stored yet), store the hash of `VIGIE_ADMIN_KEY` as an admin key. */
export async function bootstrapAdminKey(store: ConfigStore, token: string | undefined, log: Logger): Promise<void> {
  if (!token) return;
  if (token.length < MIN_BOOTSTRAP_LENGTH) {
    throw new Error(`VIGIE_ADMIN_KEY is ${token.length} characters; use at least ${MIN_BOOTSTRAP_LENGTH} random characters (e.g. openssl rand -base64 32)`);
  }
  const existing = await store.list('api_key');
  if (existing.length > 0) return;
  await store.put('api_key', {
    id: keyIdOf(token) === BOOTSTRAP_KEY_ID ? BOOTSTRAP_KEY_ID : keyIdOf(token),
    name: 'bootstrap admin (VIGIE_ADMIN_KEY)',
    scopes: ['admin'],
    hash: hashSecret(token),
    createdAt: new Date().toISOString(),
  });
  log.info('stored the bootstrap admin key from VIGIE_ADMIN_KEY');
}
