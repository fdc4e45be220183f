// G3: reminders that reach people — the words of the e-mail and chat message in the person's
// language, the chat robots' JSON, the bounded back-off between attempts, and the configuration
// of the channels (a bad value names its variable).
import { ConfigError, loadConfig } from '../../config';
import { caseLink, retryDelayMs } from '../../domain/deliveries';
import { composeDelivery } from '../../domain/deliveryText';
import { chatBody } from '../../services/deliveryChannels';

const facts = {
  kind: 'reminder',
  caseType: 'complaint',
  caseNumber: 'C2611-003',
  stage: 'analysis',
  message: 'Stage analysis is overdue.',
  dueAt: null,
  at: new Date('2026-11-30T02:00:00Z'),
  link: 'https://aftersales.example/complaints/c1',
  recipientName: 'Wang QA',
};

describe('G3: the message a person receives', () => {
  test('in Chinese by default: kind, case, stage, when in the company time zone, the notice, the link', () => {
    const m = composeDelivery('zh-CN', facts, 'Asia/Shanghai');
    expect(m.subject).toBe('[提醒] 投诉 C2611-003 · 质量分析');
    expect(m.text).toContain('Wang QA，您好：');
    expect(m.text).toContain('阶段：质量分析');
    expect(m.text).toContain('2026/11/30 10:00');
    expect(m.text).toContain('Stage analysis is overdue.');
    expect(m.text).toContain('打开案件：https://aftersales.example/complaints/c1');
  });

  test('in English for a person who chose it; a work item shows when it is due', () => {
    const m = composeDelivery('en', { ...facts, kind: 'task', stage: null, dueAt: new Date('2026-12-01T09:30:00Z') }, 'Asia/Shanghai');
    expect(m.subject).toBe('[To do] Complaint C2611-003');
    expect(m.text).toContain('Hello Wang QA,');
    expect(m.text).toContain('Due: 01/12/2026, 17:30');
    expect(m.text).toContain('Open the case: https://aftersales.example/complaints/c1');
  });

  test('an escalation is named so in both languages', () => {
    expect(composeDelivery('zh-CN', { ...facts, kind: 'escalation' }, 'Asia/Shanghai').subject).toMatch(/^\[升级\] /);
    expect(composeDelivery('en', { ...facts, kind: 'escalation' }, 'Asia/Shanghai').subject).toBe('[Escalation] Complaint C2611-003 · analysis');
  });

  test('the link opens the case page, or the inbox for a case without one', () => {
    expect(caseLink('https://a.example', 'service_call', 's1')).toBe('https://a.example/service-calls/s1');
    expect(caseLink('https://a.example', 'job', 'daily')).toBe('https://a.example/inbox');
  });
});

describe('G3: the chat robots’ JSON', () => {
  const m = { text: 'hello', mention: 'qa.wang' };
  test('WeCom mentions in mentioned_list, DingTalk in at.atUserIds, Feishu with an <at> tag', () => {
    expect(chatBody('wecom', m)).toEqual({ msgtype: 'text', text: { content: 'hello', mentioned_list: ['qa.wang'] } });
    expect(chatBody('dingtalk', m)).toEqual({ msgtype: 'text', text: { content: 'hello' }, at: { atUserIds: ['qa.wang'], isAtAll: false } });
    expect(chatBody('feishu', m)).toEqual({ msg_type: 'text', content: { text: '<at user_id="qa.wang"></at> hello' } });
    expect(chatBody('wecom', { text: 'hello', mention: null })).toEqual({ msgtype: 'text', text: { content: 'hello', mentioned_list: [] } });
  });
});

describe('G3: retries are bounded', () => {
  test('the wait doubles after each failure and stops growing at 64 times the base', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map((n) => retryDelayMs(n, 1000))).toEqual([1000, 2000, 4000, 8000, 64_000, 64_000, 64_000]);
  });
});

describe('G3: channel configuration', () => {
  test('no mail server and no robot: no channel; the defaults of the delivery schedule', () => {
    const c = loadConfig({}).deliveries;
    expect(c).toMatchObject({ email: null, chat: null, maxAttempts: 5, backoffMs: 30_000, sweepEveryMs: 30_000, timeoutMs: 10_000 });
  });

  test('a mail server given as a URL or as its parts, and a DingTalk robot', () => {
    expect(loadConfig({ SMTP_URL: 'smtp://mail.example:25', MAIL_FROM: 'noreply@example.com' }).deliveries.email).toMatchObject({ url: 'smtp://mail.example:25', from: 'noreply@example.com' });
    expect(loadConfig({ SMTP_HOST: 'mail.example', SMTP_PORT: '465', SMTP_SECURE: 'true', SMTP_USER: 'u', SMTP_PASS: 'p', MAIL_FROM: 'n@example.com' }).deliveries.email).toMatchObject({ host: 'mail.example', port: 465, secure: true, user: 'u', pass: 'p' });
    expect(loadConfig({ CHAT_WEBHOOK_URL: 'https://oapi.dingtalk.com/robot/send?access_token=x', CHAT_WEBHOOK_FORMAT: 'dingtalk' }).deliveries.chat).toEqual({ url: 'https://oapi.dingtalk.com/robot/send?access_token=x', format: 'dingtalk' });
  });

  test.each([
    [{ SMTP_URL: 'smtp://mail.example' }, 'MAIL_FROM'],
    [{ SMTP_URL: 'http://mail.example', MAIL_FROM: 'n@example.com' }, 'SMTP_URL'],
    [{ SMTP_URL: 'smtp://a', SMTP_HOST: 'b', MAIL_FROM: 'n@example.com' }, 'SMTP_HOST'],
    [{ SMTP_USER: 'u' }, 'SMTP_HOST'],
    [{ CHAT_WEBHOOK_URL: 'ftp://robot' }, 'CHAT_WEBHOOK_URL'],
    [{ CHAT_WEBHOOK_FORMAT: 'slack' }, 'CHAT_WEBHOOK_FORMAT'],
    [{ DELIVERY_ATTEMPTS: '0' }, 'DELIVERY_ATTEMPTS'],
    [{ DELIVERY_SWEEP_EVERY: '500ms' }, 'DELIVERY_SWEEP_EVERY'],
  ])('%j is refused naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
