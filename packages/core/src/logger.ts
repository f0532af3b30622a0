import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; secrets are redacted wherever they appear under these keys. */
export function createLogger(name: string, level = process.env.VIGIE_LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name,
    level,
    redact: { paths: ['*.password', '*.secret', '*.token', '*.apiKey', 'headers.authorization', '*.authorization'], censor: '[redacted]' },
  });
}
