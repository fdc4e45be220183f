// Observing it (README): the settings of logs, metrics and traces, readable log lines for people,
// and the Prometheus text reader the metrics tests rely on.
import { loadConfig } from '../../config';
import { prettyPrinter, resolveLogFormat } from '../../observability/logger';
import { parsePrometheusText, sampleValue } from '../support/prometheus';

const base = { PAYLOAD_ENCRYPTION: 'false' };

describe('settings', () => {
  test('defaults: logs pretty on a terminal and JSON elsewhere, no /metrics, no worker metrics, no traces', () => {
    const config = loadConfig(base);
    expect(config.logFormat).toBe('auto');
    expect(config.observability).toEqual({ metricsCacheMs: 5000, metricsToken: undefined, workerMetricsAddress: undefined, otlpEndpoint: undefined, serviceName: undefined });
  });

  test('each is read and checked, a bad value named', () => {
    const config = loadConfig({
      ...base,
      LOG_FORMAT: 'json',
      METRICS_TOKEN: 'prometheus-scrape-token-1',
      METRICS_CACHE: '15s',
      WORKER_METRICS_ADDRESS: '0.0.0.0:9464',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_SERVICE_NAME: 'aftersales-eu',
    });
    expect(config.logFormat).toBe('json');
    expect(config.observability).toEqual({
      metricsToken: 'prometheus-scrape-token-1',
      metricsCacheMs: 15_000,
      workerMetricsAddress: '0.0.0.0:9464',
      otlpEndpoint: 'http://collector:4318',
      serviceName: 'aftersales-eu',
    });
    expect(() => loadConfig({ ...base, LOG_FORMAT: 'text' })).toThrow(/LOG_FORMAT is invalid/);
    expect(() => loadConfig({ ...base, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN is invalid: must be at least 16 characters/);
    expect(() => loadConfig({ ...base, METRICS_CACHE: 'soon' })).toThrow(/METRICS_CACHE is invalid/);
    expect(() => loadConfig({ ...base, WORKER_METRICS_ADDRESS: '9464' })).toThrow(/WORKER_METRICS_ADDRESS is invalid: must be host:port/);
    expect(() => loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT is invalid/);
  });
});

describe('log lines for people', () => {
  test('auto: readable lines on a terminal, JSON elsewhere; an explicit format wins', () => {
    expect(resolveLogFormat('auto', { isTTY: true })).toBe('pretty');
    expect(resolveLogFormat('auto', { isTTY: false })).toBe('json');
    expect(resolveLogFormat('auto', {})).toBe('json');
    expect(resolveLogFormat('json', { isTTY: true })).toBe('json');
    expect(resolveLogFormat('pretty', { isTTY: false })).toBe('pretty');
  });

  test('a JSON log line becomes one readable line: time, level, process, message, fields; other lines are kept', () => {
    const pretty = prettyPrinter(false);
    const line = JSON.stringify({ level: 30, time: '2026-03-01T02:03:04.005Z', process: 'api', pid: 42, name: 'api', method: 'POST', route: '/api/v1/complaints', status: 201, msg: 'request' });
    const shown = pretty(line);
    expect(shown.endsWith('\n')).toBe(true);
    expect(shown.trimEnd().split('\n')).toHaveLength(1);
    expect(shown).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(api\): request /);
    expect(shown).toContain('"route":"/api/v1/complaints"');
    expect(shown).not.toContain('"pid"');
    expect(pretty(JSON.stringify({ level: 50, time: '2026-03-01T02:03:04.005Z', name: 'worker', msg: 'activity failed' }))).toMatch(/ERROR \(worker\): activity failed/);
    expect(pretty('worker failed: Error: boom')).toBe('worker failed: Error: boom\n');
  });
});

describe('the Prometheus text reader', () => {
  const text = [
    '# HELP open_cases Open cases',
    '# TYPE open_cases gauge',
    'open_cases{type="complaint",stage="analysis"} 2',
    'open_cases{type="complaint",note="a \\"quoted\\" \\\\ back\\nslash"} 1',
    '# HELP d Durations',
    '# TYPE d histogram',
    'd_bucket{route="/a/{id}",le="0.1"} 1',
    'd_bucket{route="/a/{id}",le="+Inf"} 2',
    'd_sum{route="/a/{id}"} 0.35',
    'd_count{route="/a/{id}"} 2',
    '',
  ].join('\n');

  test('reads families, labels with escapes and histogram series', () => {
    const families = parsePrometheusText(text);
    expect([...families.keys()]).toEqual(['open_cases', 'd']);
    expect(families.get('d')!.type).toBe('histogram');
    expect(sampleValue(families, 'open_cases', { stage: 'analysis' })).toBe(2);
    expect(sampleValue(families, 'open_cases', { note: 'a "quoted" \\ back\nslash' })).toBe(1);
    expect(sampleValue(families, 'd_count', { route: '/a/{id}' })).toBe(2);
    expect(sampleValue(families, 'open_cases', { stage: 'closing' })).toBeUndefined();
  });

  test('refuses what Prometheus would refuse', () => {
    expect(() => parsePrometheusText('x 1\n')).toThrow(/no # TYPE/);
    expect(() => parsePrometheusText('# TYPE x gauge\nx{a="1} 1\n')).toThrow(/unterminated|expected/);
    expect(() => parsePrometheusText('# TYPE x gauge\nx{a="\\t"} 1\n')).toThrow(/bad escape/);
    expect(() => parsePrometheusText('# TYPE x gauge\nx one\n')).toThrow(/not a number/);
    expect(() => parsePrometheusText('# TYPE x gauge\nx 1\n# TYPE y gauge\ny 1\nx 2\n')).toThrow(/outside its family/);
    expect(() => parsePrometheusText(text.replace('d_count{route="/a/{id}"} 2', 'd_count{route="/a/{id}"} 3'))).toThrow(/_count 3 is not the \+Inf bucket 2/);
    expect(() => parsePrometheusText(text.replace('le="+Inf"} 2', 'le="+Inf"} 0').replace('d_count{route="/a/{id}"} 2', 'd_count{route="/a/{id}"} 0'))).toThrow(/fewer observations/);
  });
});
