import { describe, expect, it } from 'vitest';
import { serializeError } from '../src/logger.js';

describe('error serializer', () => {
  it('keeps the status and the reason of an Elasticsearch error, not the request and connection it carries', () => {
    const error = Object.assign(new Error('search_phase_execution_exception'), {
      name: 'ResponseError',
      meta: { statusCode: 503, body: { error: { type: 'search_phase_execution_exception', reason: 'all shards failed' } }, meta: { request: { body: 'x'.repeat(2000) } } },
      options: { redaction: { type: 'replace' } },
    });
    const serialized = serializeError(error);
    expect(serialized).toMatchObject({
      type: 'Error', message: 'search_phase_execution_exception', statusCode: 503,
      elasticsearchError: { type: 'search_phase_execution_exception', reason: 'all shards failed' },
    });
    expect(serialized).not.toHaveProperty('meta');
    expect(serialized).not.toHaveProperty('options');
    expect(JSON.stringify(serialized)).not.toContain('xxxxxxxx');
  });

  it('leaves other errors as pino serializes them', () => {
    const error = Object.assign(new Error('boom'), { code: 'E_BOOM' });
    expect(serializeError(error)).toMatchObject({ type: 'Error', message: 'boom', code: 'E_BOOM' });
  });
});
