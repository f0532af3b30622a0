import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKey, ApiScope } from '@vigie/core';

/** Id under which the bootstrap key from `VIGIE_ADMIN_KEY` is stored. */
export const BOOTSTRAP_KEY_ID = 'bootstrapadmin';

const KEY_PATTERN = /^vg_([a-z0-9]{16})_[A-Za-z0-9_-]{43}$/;

export function hashSecret(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new key: `vg_<id>_<256-bit secret>`. Only the hash is stored; the token is shown once. */
export function generateKey(): { id: string; token: string; hash: string } {
  const id = randomBytes(10).toString('hex').slice(0, 16);
  const token = `vg_${id}_${randomBytes(32).toString('base64url')}`;
  return { id, token, hash: hashSecret(token) };
}

/** The stored id a presented token refers to: its own id, or the bootstrap key for any other shape. */
export function keyIdOf(token: string): string {
  return KEY_PATTERN.exec(token)?.[1] ?? BOOTSTRAP_KEY_ID;
}

export function tokenMatches(token: string, key: ApiKey): boolean {
  const presented = Buffer.from(hashSecret(token), 'hex');
  const stored = Buffer.from(key.hash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

const RANK: Record<ApiScope, number> = { read: 1, write: 2, admin: 3 };

/** Scopes are cumulative: admin can do what write can, write what read can. */
export function grants(scopes: readonly ApiScope[], needed: ApiScope): boolean {
  return scopes.some((scope) => RANK[scope] >= RANK[needed]);
}
