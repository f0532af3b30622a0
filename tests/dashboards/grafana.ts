import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

/** The parts of Grafana's dashboard model that Vigie's dashboards use. */
export interface DataSourceRef {
  type: string;
  uid: string;
}

export interface MetricAgg {
  id: string;
  type: string;
  field?: string;
  settings?: Record<string, unknown>;
}

export interface BucketAgg {
  id: string;
  type: string;
  field?: string;
  settings?: Record<string, unknown>;
}

/** An Elasticsearch query or a server-side expression (datasource `__expr__`). */
export interface Target {
  refId: string;
  datasource: DataSourceRef;
  hide?: boolean;
  query?: string;
  metrics?: MetricAgg[];
  bucketAggs?: BucketAgg[];
  timeField?: string;
  type?: 'reduce' | 'math';
  expression?: string;
  reducer?: string;
}

export interface Transformation {
  id: string;
  options: Record<string, unknown>;
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: DataSourceRef;
  targets?: Target[];
  transformations?: Transformation[];
  interval?: string;
  maxDataPoints?: number;
  timeFrom?: string;
  options?: { reduceOptions?: { calcs: string[]; fields: string } };
  panels?: Panel[];
}

export interface Variable {
  name: string;
  type: string;
  datasource?: DataSourceRef;
  query: string;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
  options?: { text: string; value: string }[];
}

export interface Annotation {
  name: string;
  builtIn?: number;
  datasource: DataSourceRef;
  target?: { query: string };
  timeField?: string;
  timeEndField?: string;
  textField?: string;
  tagsField?: string;
}

export interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: Variable[] };
  annotations: { list: Annotation[] };
  time: { from: string; to: string };
}

export interface ProvisionedDataSource {
  name: string;
  uid: string;
  type: string;
  url: string;
  jsonData: { index: string; timeField: string; timeInterval?: string; maxConcurrentShardRequests?: number };
}

const root = fileURLToPath(new URL('../../', import.meta.url));
export const DASHBOARDS_DIR = `${root}dashboards`;
export const PROVISIONING_DIR = `${root}infra/grafana/provisioning`;

export function loadDashboards(): { file: string; dashboard: Dashboard }[] {
  return readdirSync(DASHBOARDS_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(`${DASHBOARDS_DIR}/${file}`, 'utf8')) as Dashboard }));
}

export function loadDataSources(): ProvisionedDataSource[] {
  const file = parseYaml(readFileSync(`${PROVISIONING_DIR}/datasources/elasticsearch.yaml`, 'utf8')) as { datasources: ProvisionedDataSource[] };
  return file.datasources;
}

export function loadDashboardProviders(): { name: string; type: string; options: { path: string } }[] {
  const file = parseYaml(readFileSync(`${PROVISIONING_DIR}/dashboards/vigie.yaml`, 'utf8')) as { providers: { name: string; type: string; options: { path: string } }[] };
  return file.providers;
}

/** Every panel, rows' collapsed children included. */
export function allPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

export function isExpression(target: Target): boolean {
  return target.datasource.type === '__expr__';
}
