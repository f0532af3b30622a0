import { inject } from 'vitest';

// Every test worker talks to the engines the global setup found, through the same variables services read.
process.env.VIGIE_KAFKA_BROKERS = inject('kafkaBrokers').join(',');
process.env.VIGIE_ES_URL = inject('esUrl');
process.env.VIGIE_LOG_LEVEL ??= 'warn';
