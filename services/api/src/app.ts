import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Histogram } from 'prom-client';
import { alertRoutes } from '@vigie/alerter';
import { ConfigStore, createLogger, createMetricsRegistry, ensureTemplates, indexNames } from '@vigie/core';
import { analyticsRoutes } from './analytics/routes.js';
import { KeyRing, bootstrapAdminKey, installAuth } from './auth/plugin.js';
import { configRoutes } from './config/routes.js';
import { keyRoutes } from './config/keys.js';
import { ApiContext } from './context.js';
import { exportRoutes } from './export/routes.js';
import { mentionRoutes } from './mentions/routes.js';
import { opsRoutes } from './ops/routes.js';
import type { ApiOptions } from './options.js';
import { HttpProblem, installProblemHandlers } from './problem.js';

const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Mount another service's routes behind API keys: routes that name no scope need `read` to GET and
 * `write` for anything else (acknowledging an alert, running a backtest).
 */
function withKeyScopes<O extends object>(plugin: FastifyPluginAsync<O>): FastifyPluginAsync<O> {
  return async (scope, pluginOptions) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, scope: route.config?.scope ?? (route.method === 'GET' || route.method === 'HEAD' ? 'read' : 'write') };
    });
    await scope.register(plugin, pluginOptions);
  };
}

/** The HTTP API, ready for `inject()` or `listen()`. Puts the index templates and the bootstrap key first. */
export async function buildApi(options: ApiOptions): Promise<FastifyInstance> {
  const log = options.logger ?? createLogger('api');
  const names = indexNames(options.prefix ?? '');
  const store = new ConfigStore(options.es, names.config);
  await ensureTemplates(options.es, names);
  await bootstrapAdminKey(store, options.adminKey, log);
  const keys = new KeyRing(store);
  const context = new ApiContext(options.es, names, store, keys);
  const registry = createMetricsRegistry('api');

  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Unknown fields are rejected, never silently dropped; query strings accept repeated keys as arrays.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
    routerOptions: { maxParamLength: 200 },
  });
  installProblemHandlers(app);

  const duration = new Histogram({
    name: 'vigie_api_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe({ method: request.method, route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  await app.register(helmet, { global: true });
  await app.register(cors, { origin: options.corsOrigins?.length ? options.corsOrigins : false, methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], allowedHeaders: ['authorization', 'x-api-key', 'content-type'] });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Vigie API', version: '1', description: 'Mentions, analytics, export and configuration of Vigie. Errors are application/problem+json.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'an API key created with `vigie keys create`' } } },
      security: [{ apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  await app.register(opsRoutes, { es: options.es, registry, kafkaBrokers: options.kafkaBrokers });

  installAuth(app, keys);
  await app.register(rateLimit, {
    global: true,
    hook: 'preParsing',
    keyGenerator: (request) => request.apiKey?.id ?? request.ip,
    max: (request) => request.apiKey?.rateLimitPerMinute ?? options.defaultRateLimitPerMinute ?? 600,
    timeWindow: 60_000,
    allowList: (request) => !request.routeOptions.config?.scope,
    errorResponseBuilder: (request, context) =>
      new HttpProblem(429, 'Too many requests', `key '${request.apiKey?.id ?? request.ip}' is limited to ${context.max} requests per minute; retry in ${context.after}`, [], { 'retry-after': String(Math.ceil(context.ttl / 1000)) }),
  });

  await app.register(async (v1) => {
    await v1.register(mentionRoutes, { context });
    await v1.register(analyticsRoutes, { context });
    await v1.register(exportRoutes, { context });
    await v1.register(configRoutes, { context });
    await v1.register(keyRoutes, { context });
  }, { prefix: '/v1' });
  await app.register(withKeyScopes(alertRoutes), { es: options.es, names, store });
  for (const { plugin, options: pluginOptions, auth } of options.plugins ?? []) {
    await app.register(auth === 'own' ? plugin : withKeyScopes(plugin), pluginOptions ?? {});
  }

  return app;
}
