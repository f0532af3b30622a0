import { pino, stdSerializers, type Logger } from 'pino';

export type { Logger };

interface ElasticsearchErrorMeta {
  statusCode?: number;
  body?: { error?: { type?: string; reason?: string } };
}

/**
 * pino's error serializer, minus what the Elasticsearch client attaches to its errors (`meta`: the whole request,
 * connection and pool; `options`): about 2 KB per line that says nothing more than the status and the reason.
 */
export function serializeError(error: Error & { meta?: ElasticsearchErrorMeta }) {
  const serialized: Record<string, unknown> = stdSerializers.err(error);
  if (typeof error.meta !== 'object' || error.meta === null) return serialized;
  const { meta: _meta, options: _options, ...rest } = serialized;
  return {
    ...rest,
    statusCode: error.meta.statusCode,
    elasticsearchError: error.meta.body?.error ? { type: error.meta.body.error.type, reason: error.meta.body.error.reason } : undefined,
  };
}

/** Structured JSON logs; secrets are redacted wherever they appear under these keys. */
export function createLogger(name: string, level = process.env.VIGIE_LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name,
    level,
    serializers: { err: serializeError },
    redact: { paths: ['*.password', '*.secret', '*.token', '*.apiKey', 'headers.authorization', '*.authorization'], censor: '[redacted]' },
  });
}
