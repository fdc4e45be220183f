// Configuration is parsed once; a bad or missing value names its variable.
import { ConfigError, loadConfig, parseStageDeadlines } from '../../config';

describe('loadConfig', () => {
  test('defaults: local Temporal, SQLite file, C8 and C17 defaults', () => {
    const c = loadConfig({});
    expect(c.temporal.external).toBe(false);
    expect(c.temporal.address).toBe('127.0.0.1:7233');
    expect(c.databaseProvider).toBe('sqlite');
    expect(c.complaint.caseDeadlineMs).toEqual({ domestic: 13 * 86_400_000, foreign: 17 * 86_400_000 });
    expect(c.complaint.authority).toEqual({ salesManagerMaxFen: 1_000_000, vpMaxFen: 10_000_000 });
  });

  test('TEMPORAL_ADDRESS selects an existing cluster; a postgres URL selects PostgreSQL', () => {
    const c = loadConfig({ TEMPORAL_ADDRESS: 'temporal.prod:7233', TEMPORAL_NAMESPACE: 'aftersales', DATABASE_URL: 'postgresql://u@db/x' });
    expect(c.temporal).toMatchObject({ external: true, address: 'temporal.prod:7233', namespace: 'aftersales' });
    expect(c.databaseProvider).toBe('postgresql');
  });

  test('an API key or client certificate turns TLS on', () => {
    expect(loadConfig({ TEMPORAL_API_KEY: 'k' }).temporal.tls.enabled).toBe(true);
    expect(loadConfig({ TEMPORAL_TLS_CERT_PATH: '/c', TEMPORAL_TLS_KEY_PATH: '/k' }).temporal.tls.enabled).toBe(true);
  });

  test.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ COMPLAINT_DEADLINE_DOMESTIC: '13' }, 'COMPLAINT_DEADLINE_DOMESTIC'],
    [{ COMPLAINT_STAGE_DEADLINES: 'analysis:2d' }, 'COMPLAINT_STAGE_DEADLINES'],
    [{ BOOTSTRAP_ADMIN_TOKEN: 'short' }, 'BOOTSTRAP_ADMIN_TOKEN'],
    [{ TIME_ZONE: 'Mars/Olympus' }, 'TIME_ZONE'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ AUTHORITY_SALES_MANAGER_MAX_YUAN: '200000' }, 'AUTHORITY_VP_MAX_YUAN'],
    [{ TEMPORAL_TLS_CERT_PATH: '/c' }, 'TEMPORAL_TLS_KEY_PATH'],
    [{ CUSTOMER_GATEWAY_URL: 'ftp://sms.example.com' }, 'CUSTOMER_GATEWAY_URL'],
    [{ CUSTOMER_GATEWAY_TOKEN: 'secret-token' }, 'CUSTOMER_GATEWAY_URL'],
    [{ CUSTOMER_GATEWAY_URL: 'https://sms.example.com/send', CUSTOMER_GATEWAY_ATTEMPTS: '0' }, 'CUSTOMER_GATEWAY_ATTEMPTS'],
    [{ REQUEST_TIMEOUT: '2s' }, 'CASE_READ_WAIT'],
  ])('%j is refused naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^configuration: ${variable} `));
  });

  test('Time settings (docs/API.md): durations take units so a demo can run in seconds', () => {
    const c = loadConfig({ COMPLAINT_DEADLINE_DOMESTIC: '90s', COMPLAINT_REMINDER_INTERVAL: '15m', COMPLAINT_STAGE_DEADLINES: 'analysis=2h, decision=30s' });
    expect(c.complaint.caseDeadlineMs.domestic).toBe(90_000);
    expect(c.complaint.reminderIntervalMs).toBe(900_000);
    expect(c.complaint.stageDeadlineOverrides).toEqual({ analysis: 7_200_000, decision: 30_000 });
  });

  test('S15, S16: customer messages go to staff unless a gateway is set; links use PUBLIC_URL', () => {
    expect(loadConfig({}).customerMessages).toEqual({ gateway: null, maxAttempts: 5, publicUrl: 'http://127.0.0.1:3000' });
    const c = loadConfig({ CUSTOMER_GATEWAY_URL: 'https://sms.example.com/send', CUSTOMER_GATEWAY_TOKEN: 'secret-token', CUSTOMER_GATEWAY_ATTEMPTS: '8', PUBLIC_URL: 'https://service.example.com/' });
    expect(c.customerMessages).toEqual({
      gateway: { url: 'https://sms.example.com/send', token: 'secret-token', timeoutMs: 10_000 },
      maxAttempts: 8,
      publicUrl: 'https://service.example.com',
    });
  });

  test('parseStageDeadlines reads stage=duration lists', () => {
    expect(parseStageDeadlines('')).toEqual({});
    expect(() => parseStageDeadlines('analysis=soon')).toThrow();
  });
});
