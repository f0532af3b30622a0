import type { Client } from '@elastic/elasticsearch';
import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from '@vigie/core';

export interface ApiOptions {
  es: Client;
  /** Kafka brokers checked by `/readyz`; omitted means Kafka is not part of readiness. */
  kafkaBrokers?: string[];
  /** Prefix of index names (tests and isolated deployments). */
  prefix?: string;
  /** Bootstrap admin key stored (hashed) on first start when no key exists yet. */
  adminKey?: string;
  /** Origins allowed by CORS; empty means cross-origin requests get no CORS headers. */
  corsOrigins?: string[];
  /** Requests per minute for a key that sets no limit of its own. */
  defaultRateLimitPerMinute?: number;
  /** Largest request body in bytes. */
  bodyLimit?: number;
  /** Route plugins of other services (ingest, alerts), mounted at the root: each declares its full `/v1/...` paths. */
  plugins?: MountedPlugin[];
  logger?: Logger;
}

export interface MountedPlugin {
  plugin: FastifyPluginAsync<Record<string, unknown>>;
  options?: Record<string, unknown>;
  /** `api-key` (default): GET needs read, other methods write. `own`: the plugin authenticates itself (signed webhooks). */
  auth?: 'api-key' | 'own';
}

export interface ApiEnv {
  port: number;
  host: string;
  adminKey?: string;
  corsOrigins: string[];
  defaultRateLimitPerMinute: number;
}

/** `VIGIE_API_PORT` (8080), `VIGIE_API_HOST` (0.0.0.0), `VIGIE_ADMIN_KEY`, `VIGIE_API_CORS_ORIGINS` (comma list), `VIGIE_API_RATE_LIMIT` (600/min). */
export function readApiEnv(env: NodeJS.ProcessEnv = process.env): ApiEnv {
  return {
    port: Number(env.VIGIE_API_PORT ?? 8080),
    host: env.VIGIE_API_HOST ?? '0.0.0.0',
    adminKey: env.VIGIE_ADMIN_KEY || undefined,
    corsOrigins: (env.VIGIE_API_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    defaultRateLimitPerMinute: Number(env.VIGIE_API_RATE_LIMIT ?? 600),
  };
}
