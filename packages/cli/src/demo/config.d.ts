import type { AlertRule, Brand } from '@vigie/core';
/**
 * The demo's runtime configuration: Luméo, a (fictional) French mobile and fibre operator,
 * and its two competitors. `vigie start --demo` stores it so the stream below has brands to match.
 */
export interface DemoConfig {
    brands: Brand[];
    alertRules: AlertRule[];
}
export declare const demoConfig: DemoConfig;
