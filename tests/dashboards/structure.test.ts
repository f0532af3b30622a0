import { alertTemplate, indexNames, mentionTemplate } from '@vigie/core';
import { describe, expect, it } from 'vitest';
import { fieldUses, flattenMapping, isAggregatable } from './fields.js';
import { allPanels, isExpression, loadDashboardProviders, loadDashboards, loadDataSources, type DataSourceRef } from './grafana.js';

const dashboards = loadDashboards();
const dataSources = loadDataSources();
const names = indexNames();
const mappings: Record<string, Record<string, string>> = {
  'vigie-mentions': flattenMapping(mentionTemplate(names).template.mappings.properties),
  'vigie-alerts': flattenMapping(alertTemplate(names).template.mappings.properties),
};
/** References Grafana resolves itself: server-side expressions, the mixed pseudo-datasource, built-in annotations. */
const BUILT_IN = new Set(['__expr__', '-- Mixed --', '-- Grafana --']);

function resolves(ref: DataSourceRef | undefined): boolean {
  if (!ref) return false;
  if (BUILT_IN.has(ref.uid)) return true;
  return dataSources.some((source) => source.uid === ref.uid && source.type === ref.type);
}

describe('Grafana provisioning', () => {
  it('provisions the two Elasticsearch datasources by fixed uid, through the alias and the schema time fields', () => {
    expect(dataSources.map((source) => [source.uid, source.type, source.jsonData.index, source.jsonData.timeField])).toEqual([
      ['vigie-mentions', 'elasticsearch', names.mentions, 'publishedAt'],
      ['vigie-alerts', 'elasticsearch', names.alerts, 'startedAt'],
    ]);
    expect(mappings['vigie-mentions']?.publishedAt).toBe('date');
    expect(mappings['vigie-alerts']?.startedAt).toBe('date');
    for (const source of dataSources) {
      expect(source.jsonData.maxConcurrentShardRequests).toBeGreaterThan(0);
      expect(source.jsonData.timeInterval).toBe('1h');
    }
  });

  it('loads the dashboards folder from the path docker-compose mounts', () => {
    expect(loadDashboardProviders()).toMatchObject([{ type: 'file', options: { path: '/var/lib/grafana/dashboards' } }]);
  });
});

describe('dashboard JSON', () => {
  it('has the four dashboards with unique uids and a current schema version', () => {
    expect(dashboards.map(({ dashboard }) => dashboard.title).sort()).toEqual([
      'Vigie — Alerts', 'Vigie — Brand comparison', 'Vigie — Pipeline health', 'Vigie — Reputation overview',
    ]);
    const uids = dashboards.map(({ dashboard }) => dashboard.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const { dashboard } of dashboards) {
      expect(dashboard.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
      expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
      expect(dashboard.schemaVersion).toBeLessThanOrEqual(41);
    }
  });

  for (const { file, dashboard } of dashboards) {
    describe(file, () => {
      const panels = allPanels(dashboard);

      it('has unique panel titles, unique panel ids and panels that fit the 24-column grid without overlapping', () => {
        const titles = panels.map((panel) => panel.title);
        expect(new Set(titles).size).toBe(titles.length);
        const ids = panels.map((panel) => panel.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const { gridPos, title } of panels) {
          expect(gridPos.x >= 0 && gridPos.y >= 0 && gridPos.w > 0 && gridPos.h > 0 && gridPos.x + gridPos.w <= 24, title).toBe(true);
        }
        for (const [i, a] of panels.entries()) {
          for (const b of panels.slice(i + 1)) {
            const overlap = a.gridPos.x < b.gridPos.x + b.gridPos.w && b.gridPos.x < a.gridPos.x + a.gridPos.w
              && a.gridPos.y < b.gridPos.y + b.gridPos.h && b.gridPos.y < a.gridPos.y + a.gridPos.h;
            expect(overlap, `"${a.title}" overlaps "${b.title}"`).toBe(false);
          }
        }
      });

      it('refers only to the provisioned datasources', () => {
        for (const panel of panels) {
          expect(resolves(panel.datasource), `panel "${panel.title}" datasource`).toBe(true);
          const targets = panel.targets ?? [];
          expect(targets.length, `panel "${panel.title}" has queries`).toBeGreaterThan(0);
          for (const target of targets) expect(resolves(target.datasource), `panel "${panel.title}" query ${target.refId}`).toBe(true);
          const refIds = targets.map((target) => target.refId);
          expect(new Set(refIds).size, `panel "${panel.title}" refIds`).toBe(refIds.length);
          // Expressions need the mixed datasource; otherwise a panel queries one datasource.
          const mixed = targets.some(isExpression);
          expect(panel.datasource?.uid === '-- Mixed --', `panel "${panel.title}"`).toBe(mixed);
          if (!mixed) for (const target of targets) expect(target.datasource.uid).toBe(panel.datasource?.uid);
        }
        for (const variable of dashboard.templating.list) {
          if (variable.type === 'query') expect(resolves(variable.datasource), `variable $${variable.name}`).toBe(true);
        }
        for (const annotation of dashboard.annotations.list) expect(resolves(annotation.datasource), `annotation ${annotation.name}`).toBe(true);
      });

      it('references only fields of the index templates, aggregating only aggregatable ones', () => {
        const uses = fieldUses(dashboard);
        expect(uses.length).toBeGreaterThan(0);
        for (const use of uses) {
          const type = mappings[use.datasource]?.[use.field];
          expect(type, `${use.where}: field "${use.field}" is not in the ${use.datasource} template`).toBeDefined();
          if (use.aggregated) expect(isAggregatable(type), `${use.where}: "${use.field}" is ${type}, not aggregatable`).toBe(true);
        }
      });

      it('offers brand, source, language and sentiment filters where it shows mentions', () => {
        const variables = dashboard.templating.list;
        for (const variable of variables.filter((candidate) => candidate.type === 'query')) {
          expect(variable.multi && variable.includeAll && variable.allValue === '*', `$${variable.name} is multi-value with All as *`).toBe(true);
        }
        const esTargets = panels.flatMap((panel) => panel.targets ?? []).filter((target) => !isExpression(target));
        if (esTargets.every((target) => target.datasource.uid === 'vigie-mentions') && dashboard.uid !== 'vigie-pipeline-health') {
          expect(variables.map((variable) => variable.name)).toEqual(expect.arrayContaining(['brand', 'source', 'language', 'sentiment']));
        }
      });

      it('keeps long ranges cheap: a min interval and capped data points on every date histogram', () => {
        for (const panel of panels) {
          const histogram = (panel.targets ?? []).some((target) => target.bucketAggs?.some((agg) => agg.type === 'date_histogram'));
          if (!histogram) continue;
          expect(panel.interval, `panel "${panel.title}" min interval`).toBe('1h');
          expect(panel.maxDataPoints, `panel "${panel.title}" max data points`).toBeLessThanOrEqual(200);
        }
      });
    });
  }
});
