import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors as esErrors } from '@elastic/elasticsearch';
import { ConflictError, NotFoundError, ValidationError, VigieError, type FieldIssue } from '@vigie/core';

/** An RFC 9457 problem: `status`, a short `title`, a `detail` that says what to do, and the offending fields. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly errors: (FieldIssue & Record<string, unknown>)[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export const unprocessable = (field: string, message: string, extra: Record<string, unknown> = {}) =>
  new HttpProblem(422, 'Unprocessable input', `${field} ${message}`, [{ field, message, ...extra }]);

const TITLES: Record<number, string> = {
  400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed', 409: 'Conflict',
  413: 'Payload too large', 415: 'Unsupported media type', 422: 'Unprocessable input', 429: 'Too many requests', 500: 'Internal error', 503: 'Service unavailable',
};

function sendProblem(reply: FastifyReply, request: FastifyRequest, status: number, detail: string, errors: unknown[] = [], title = TITLES[status] ?? 'Error') {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title, status, detail, instance: request.url.split('?')[0], ...(errors.length ? { errors } : {}) });
}

interface AjvIssue { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }

function fieldOf(issue: AjvIssue, context: string): FieldIssue {
  const extra = issue.keyword === 'required' ? `/${String(issue.params.missingProperty)}`
    : issue.keyword === 'additionalProperties' ? `/${String(issue.params.additionalProperty)}` : '';
  const message = issue.keyword === 'additionalProperties' ? 'is not an allowed field'
    : issue.keyword === 'required' ? 'is required'
    : issue.keyword === 'enum' ? `must be one of ${(issue.params.allowedValues as unknown[]).join(', ')}`
    : (issue.message ?? 'is invalid');
  const path = `${issue.instancePath}${extra}`;
  // Query-string and path parameters are named as sent; body fields by their JSON pointer.
  const field = context === 'body' ? path || '/' : path.replace(/^\//, '').split('/')[0] || context;
  return { field, message };
}

export function installProblemHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => sendProblem(reply, request, 404, `no route ${request.method} ${request.url.split('?')[0]}; see /docs`));

  app.setErrorHandler((error: FastifyError | HttpProblem | VigieError, request, reply) => {
    if (error instanceof HttpProblem) {
      reply.headers(error.headers);
      return sendProblem(reply, request, error.status, error.message, error.errors, error.title);
    }
    if ('validation' in error && error.validation) {
      const issues = (error.validation as AjvIssue[]).map((issue) => fieldOf(issue, error.validationContext ?? ''));
      return sendProblem(reply, request, 400, `invalid ${error.validationContext ?? 'request'}: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`, issues);
    }
    if (error instanceof NotFoundError) return sendProblem(reply, request, 404, error.message);
    if (error instanceof ConflictError) return sendProblem(reply, request, 409, error.message);
    if (error instanceof ValidationError) return sendProblem(reply, request, 422, error.message, error.issues);
    if (error instanceof esErrors.ResponseError) {
      if (error.statusCode === 409) return sendProblem(reply, request, 409, 'the resource changed since you read it; read it again and retry');
      request.log.error({ err: error }, 'elasticsearch rejected a request');
      return sendProblem(reply, request, 502, 'Elasticsearch rejected the request; the error is logged', [], 'Bad gateway');
    }
    if (error instanceof esErrors.ConnectionError || error instanceof esErrors.TimeoutError || error instanceof esErrors.NoLivingConnectionsError) {
      return sendProblem(reply, request, 503, 'Elasticsearch is not reachable; retry later');
    }
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      if (status === 429) reply.header('retry-after', reply.getHeader('retry-after') ?? '60');
      return sendProblem(reply, request, status, error.message);
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, request, 500, 'the server failed to answer; the error is logged, retry later');
  });
}
