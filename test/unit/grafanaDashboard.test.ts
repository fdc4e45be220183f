// Observing it (README): the Grafana dashboard in docs/grafana/platform.json charts only series the
// platform serves: the API's /metrics (its registry is asked) and the worker's Temporal SDK metrics.
import fs from 'node:fs';
import path from 'node:path';
import { ApiMetrics } from '../../api/metrics';

type Panel = { id: number; type: string; title: string; targets?: { expr: string }[] };
const dashboard = JSON.parse(fs.readFileSync(path.join(__dirname, '../../docs/grafana/platform.json'), 'utf8')) as {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string }[] };
};
const charts = dashboard.panels.filter((p) => p.type !== 'row');

/** The series names an expression reads (a histogram's _bucket/_count/_sum reduced to its family). */
function seriesOf(expr: string): string[] {
  const names = expr.match(/\b(aftersales|http|process|nodejs|temporal)_[a-z0-9_]+(?=\{|\[|\))/g) ?? [];
  return names.map((n) => n.replace(/_(bucket|count|sum)$/, ''));
}

/** The Temporal SDK's worker metrics (Prometheus names) the dashboard may chart. */
const SDK_METRICS = [
  'temporal_workflow_task_schedule_to_start_latency',
  'temporal_workflow_task_execution_latency',
  'temporal_workflow_task_execution_failed',
  'temporal_activity_schedule_to_start_latency',
  'temporal_activity_execution_latency',
  'temporal_activity_execution_failed',
  'temporal_local_activity_execution_latency',
  'temporal_local_activity_execution_failed',
  'temporal_workflow_completed',
  'temporal_workflow_failed',
  'temporal_workflow_continue_as_new',
  'temporal_worker_task_slots_used',
  'temporal_worker_task_slots_available',
  'temporal_sticky_cache_size',
  'temporal_request_latency',
];

test('every panel has a unique id, a title and at least one query', () => {
  expect(dashboard.uid).toBe('aftersales-platform');
  expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
  expect(charts.length).toBeGreaterThan(15);
  for (const p of charts) {
    expect(p.title).toBeTruthy();
    expect(p.targets?.length).toBeGreaterThan(0);
    for (const t of p.targets!) expect(seriesOf(t.expr).length).toBeGreaterThan(0);
  }
  expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'api_job', 'worker_job']);
});

test('it charts the request histogram, every business figure and the worker’s SDK metrics, and nothing the platform does not serve', async () => {
  const api = new ApiMetrics({ db: undefined as never, timeZone: 'Asia/Shanghai', cacheMs: 0, now: () => new Date(), processMetrics: true });
  const served = new Set([...(await api.registry.getMetricsAsJSON()).map((m) => m.name), ...SDK_METRICS]);
  const charted = new Set(charts.flatMap((p) => p.targets!.flatMap((t) => seriesOf(t.expr))));
  expect([...charted].filter((n) => !served.has(n))).toEqual([]);
  const business = (await api.registry.getMetricsAsJSON()).map((m) => m.name).filter((n) => n.startsWith('aftersales_'));
  expect(business.length).toBeGreaterThan(3);
  for (const name of [...business, 'http_request_duration_seconds', ...SDK_METRICS.filter((n) => n !== 'temporal_worker_task_slots_available')]) {
    expect([name, charted.has(name)]).toEqual([name, true]);
  }
  api.registry.clear();
});
