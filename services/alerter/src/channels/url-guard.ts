import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { VigieError } from '@vigie/core';

export interface OutboundPolicy {
  /**
   * Allow http and private, loopback and link-local addresses (local receivers in development and tests).
   * Off by default; `VIGIE_ALERTS_ALLOW_PRIVATE_URLS=true` turns it on for a deployment.
   */
  allowPrivate: boolean;
}

export class RefusedUrlError extends VigieError {
  constructor(url: string, reason: string) {
    super('refused_url', `outbound URL ${url} refused: ${reason}. Use a public https URL (or set VIGIE_ALERTS_ALLOW_PRIVATE_URLS=true for local receivers)`);
  }
}

export function policyFromEnv(env: NodeJS.ProcessEnv = process.env): OutboundPolicy {
  return { allowPrivate: env.VIGIE_ALERTS_ALLOW_PRIVATE_URLS === 'true' };
}

/** Why an address may not be reached, or null when it is a public unicast address. */
export function addressRefusal(address: string): string | null {
  if (!ipaddr.isValid(address)) return `'${address}' is not an IP address`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  return range === 'unicast' ? null : `${address} is a ${range} address`;
}

function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** Check scheme and literal addresses; names are checked when they resolve (see `guardedLookup`). */
export function checkUrlSyntax(raw: string, policy: OutboundPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RefusedUrlError(raw, 'not a valid URL');
  }
  const host = hostOf(url);
  if (isIP(host) && !policy.allowPrivate) {
    const refusal = addressRefusal(host);
    if (refusal) throw new RefusedUrlError(raw, refusal);
  }
  if (url.protocol !== 'https:' && !(policy.allowPrivate && url.protocol === 'http:')) throw new RefusedUrlError(raw, `scheme ${url.protocol} is not https`);
  if (url.username || url.password) throw new RefusedUrlError(raw, 'credentials in the URL are not allowed');
  return url;
}

/**
 * A `lookup` for http(s).request that refuses a name resolving to any non-public address.
 * The connection uses the address checked here, so a DNS answer cannot change between check and connect.
 */
export function guardedLookup(policy: OutboundPolicy, url: string): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (!policy.allowPrivate) {
        for (const entry of addresses) {
          const refusal = addressRefusal(entry.address);
          if (refusal) return callback(new RefusedUrlError(url, `${hostname} resolves to ${refusal.replace(/^\S+ is/, 'an address that is')}`), '', 0);
        }
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new RefusedUrlError(url, `${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/** Full check of an outbound URL, DNS included: for validating rule channels before they are saved. */
export async function checkOutboundUrl(raw: string, policy: OutboundPolicy): Promise<void> {
  const url = checkUrlSyntax(raw, policy);
  const host = hostOf(url);
  if (isIP(host) || policy.allowPrivate) return;
  await new Promise<void>((resolve, reject) => {
    guardedLookup(policy, raw)(host, { all: true }, (error) => (error ? reject(error) : resolve()));
  });
}
