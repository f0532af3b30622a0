/** Which index fields a dashboard touches, and how: aggregated (needs doc values) or only referenced. */
import { metricColumnName } from './frames.js';
import { allPanels, isExpression, type Dashboard } from './grafana.js';

export interface FieldUse {
  datasource: string;
  field: string;
  aggregated: boolean;
  where: string;
}

const AGGREGATABLE = new Set(['keyword', 'date', 'long', 'integer', 'short', 'byte', 'float', 'double', 'half_float', 'scaled_float', 'boolean']);

/** `{ 'author.handle': 'keyword', aspects: 'nested', ... }` from an index template's mapping properties. */
export function flattenMapping(properties: Record<string, unknown>, prefix = '', into: Record<string, string> = {}): Record<string, string> {
  for (const [name, definition] of Object.entries(properties)) {
    const field = definition as { type?: string; properties?: Record<string, unknown> };
    into[`${prefix}${name}`] = field.type ?? 'object';
    if (field.properties) flattenMapping(field.properties, `${prefix}${name}.`, into);
  }
  return into;
}

export function isAggregatable(type: string | undefined): boolean {
  return type !== undefined && AGGREGATABLE.has(type);
}

/** Field names in a Lucene query: `field:value`, `field:[a TO b]`, `_exists_:field`. */
export function luceneFields(query: string): string[] {
  const fields = new Set<string>();
  for (const match of query.matchAll(/(?:^|[\s(+-])([A-Za-z_@][\w.@]*)\s*:(?!\/)/g)) {
    if (match[1] !== '_exists_') fields.add(match[1] as string);
  }
  for (const match of query.matchAll(/_exists_\s*:\s*([\w.@]+)/g)) fields.add(match[1] as string);
  return [...fields];
}

/** A column name Grafana derives from a metric (`Average sentiment.score`) back to its field; undefined for `Count`. */
function fieldOfColumn(column: string): string | undefined {
  for (const type of ['avg', 'sum', 'min', 'max', 'cardinality']) {
    const prefix = `${metricColumnName({ type, field: '' })}`;
    if (column.startsWith(prefix)) return column.slice(prefix.length);
  }
  return column === 'Count' ? undefined : column;
}

export function fieldUses(dashboard: Dashboard): FieldUse[] {
  const uses: FieldUse[] = [];
  for (const variable of dashboard.templating.list) {
    if (variable.type !== 'query' || !variable.datasource) continue;
    const definition = JSON.parse(variable.query) as { field: string; query?: string };
    const where = `variable $${variable.name}`;
    uses.push({ datasource: variable.datasource.uid, field: definition.field, aggregated: true, where });
    for (const field of luceneFields(definition.query ?? '')) uses.push({ datasource: variable.datasource.uid, field, aggregated: false, where });
  }
  for (const annotation of dashboard.annotations.list) {
    if (annotation.builtIn) continue;
    const where = `annotation "${annotation.name}"`;
    const datasource = annotation.datasource.uid;
    for (const field of [annotation.timeField, annotation.timeEndField]) if (field) uses.push({ datasource, field, aggregated: true, where });
    for (const field of [annotation.textField, annotation.tagsField]) if (field) uses.push({ datasource, field, aggregated: false, where });
    for (const field of luceneFields(annotation.target?.query ?? '')) uses.push({ datasource, field, aggregated: false, where });
  }
  for (const panel of allPanels(dashboard)) {
    const where = `panel "${panel.title}"`;
    const esTargets = (panel.targets ?? []).filter((target) => !isExpression(target));
    for (const target of esTargets) {
      const datasource = target.datasource.uid;
      if (target.timeField) uses.push({ datasource, field: target.timeField, aggregated: true, where });
      for (const field of luceneFields(target.query ?? '')) uses.push({ datasource, field, aggregated: false, where });
      for (const agg of target.bucketAggs ?? []) {
        if (agg.field) uses.push({ datasource, field: agg.field, aggregated: true, where });
        for (const filter of (agg.settings?.filters as { query: string }[] | undefined) ?? []) {
          for (const field of luceneFields(filter.query)) uses.push({ datasource, field, aggregated: false, where });
        }
      }
      for (const metric of target.metrics ?? []) if (metric.field) uses.push({ datasource, field: metric.field, aggregated: true, where });
    }
    const datasource = esTargets[0]?.datasource.uid;
    if (!datasource) continue;
    const created = new Set<string>();
    for (const { id, options } of panel.transformations ?? []) {
      const names: string[] = [];
      if (id === 'organize') {
        for (const key of ['includeByName', 'excludeByName', 'indexByName', 'renameByName']) names.push(...Object.keys((options[key] as object | undefined) ?? {}));
      } else if (id === 'convertFieldType') {
        names.push(...(options.conversions as { targetField: string }[]).map((conversion) => conversion.targetField));
      } else if (id === 'calculateField') {
        const binary = options.binary as { left: string; right: string };
        names.push(binary.left, binary.right);
        created.add(options.alias as string);
      }
      for (const name of names) {
        const field = created.has(name) ? undefined : fieldOfColumn(name);
        if (field) uses.push({ datasource, field, aggregated: false, where: `${where}, transformation ${id}` });
      }
    }
  }
  return uses;
}
