import { ValidationError, VigieError } from '@vigie/core';

/**
 * What a failed command prints: an expected failure (bad input, an engine that does not answer) in a few lines that
 * say what to do; anything else is a bug and keeps its stack.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof ValidationError) return [`vigie: invalid ${error.what}:`, ...error.issues.map((issue) => `  ${issue.field} ${issue.message}`)].join('\n');
  if (error instanceof VigieError) return `vigie: ${error.message}`;
  const name = (error as { name?: string } | null)?.name ?? '';
  if (name === 'ConnectionError' || name === 'TimeoutError') {
    return `vigie: Elasticsearch does not answer (${(error as Error).message}). Start the engines with \`npm run vigie -- stack up\`, or set VIGIE_ES_URL.`;
  }
  if (name.startsWith('KafkaJS')) {
    return `vigie: Kafka does not answer (${(error as Error).message}). Start the engines with \`npm run vigie -- stack up\`, or set VIGIE_KAFKA_BROKERS.`;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
