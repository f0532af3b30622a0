import { Counter, Gauge, type Registry } from 'prom-client';

/** Per-source collector metrics, all labelled by the configured source id. */
export function createCollectorMetrics(registry: Registry) {
  const labelNames = ['source'] as const;
  return {
    fetched: new Counter({ name: 'vigie_collector_fetched_total', help: 'Items read from the source', labelNames, registers: [registry] }),
    produced: new Counter({ name: 'vigie_collector_produced_total', help: 'Mentions acknowledged by Kafka', labelNames, registers: [registry] }),
    duplicates: new Counter({ name: 'vigie_collector_duplicates_skipped_total', help: 'Items skipped because already produced', labelNames, registers: [registry] }),
    invalid: new Counter({ name: 'vigie_collector_invalid_total', help: 'Items that failed the mention schema', labelNames, registers: [registry] }),
    errors: new Counter({ name: 'vigie_collector_errors_total', help: 'Failed runs and requests', labelNames: ['source', 'kind'], registers: [registry] }),
    retries: new Counter({ name: 'vigie_collector_http_retries_total', help: 'HTTP attempts retried', labelNames, registers: [registry] }),
    responses: new Counter({ name: 'vigie_collector_http_responses_total', help: 'HTTP responses by status', labelNames: ['source', 'status'], registers: [registry] }),
    lastSuccess: new Gauge({ name: 'vigie_collector_last_success_timestamp_seconds', help: 'End of the last successful run', labelNames, registers: [registry] }),
    ingested: new Counter({ name: 'vigie_collector_ingest_items_total', help: 'Webhook items by outcome', labelNames: ['outcome'], registers: [registry] }),
  };
}

export type CollectorMetrics = ReturnType<typeof createCollectorMetrics>;
