import { NotFoundError, type ApiKey, type ApiScope, type ConfigStore } from '@vigie/core';
import { generateKey } from './keys.js';

export interface NewKey {
  name: string;
  scopes: ApiScope[];
  rateLimitPerMinute?: number;
}

export type PublicKey = Omit<ApiKey, 'hash'>;

export const publicKey = ({ hash: _hash, ...rest }: ApiKey): PublicKey => rest;

/** Create a key; the returned `token` is the only time the secret exists outside its holder. */
export async function createApiKey(store: ConfigStore, request: NewKey): Promise<PublicKey & { token: string }> {
  const { id, token, hash } = generateKey();
  const key = await store.put('api_key', {
    id,
    name: request.name,
    scopes: [...new Set(request.scopes)],
    hash,
    createdAt: new Date().toISOString(),
    ...(request.rateLimitPerMinute ? { rateLimitPerMinute: request.rateLimitPerMinute } : {}),
  });
  return { ...publicKey(key), token };
}

export async function listApiKeys(store: ConfigStore): Promise<PublicKey[]> {
  return (await store.list('api_key')).map(publicKey);
}

/** Revoking keeps the record (who had access, until when); revoking twice keeps the first date. */
export async function revokeApiKey(store: ConfigStore, id: string): Promise<PublicKey> {
  const key = await store.get('api_key', id).catch((error: unknown) => {
    throw error instanceof NotFoundError ? new NotFoundError(`API key '${id}'`) : error;
  });
  if (key.revokedAt) return publicKey(key);
  return publicKey(await store.put('api_key', { ...key, revokedAt: new Date().toISOString() }));
}
