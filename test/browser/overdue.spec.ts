// A complaint stage that runs past its deadline (C18, C19, G3), on a platform of its own: the
// analysis stage is given 20 seconds (COMPLAINT_STAGE_DEADLINES) and notices are e-mailed through a
// real mail server started here (SMTP_URL, MAIL_FROM). Sales files a complaint and the GM office
// registers it; without anyone acting, QA's inbox turns the case red as overdue, the header counts
// it, the reminder is among QA's notices, and QA receives the reminder by e-mail, naming the case.
import type { APIRequestContext, PlaywrightWorkerArgs } from '@playwright/test';
import { complaintFiling } from '../../scripts/examples';
import { zhCN as mailWords } from '../../domain/deliveryText/zh-CN';
import { accessible, catalogue, expect, screenshot, signedIn, test } from './journey';
import { type Mailbox, startMailbox } from '../support/mailbox';
import { type Person, type PlatformState, startPlatform, stopPlatform } from './platform';

const zh = catalogue('zh-CN');
const QA_ADDRESS = 'chen.qa@example.com';

let mailbox: Mailbox | undefined;
let own: PlatformState | undefined;

test.beforeAll(async () => {
  test.setTimeout(420_000);
  mailbox = await startMailbox();
  own = await startPlatform({
    people: ['sales', 'gm_office', 'qa'],
    env: {
      COMPLAINT_STAGE_DEADLINES: 'analysis=20s',
      SMTP_URL: mailbox.url,
      MAIL_FROM: '售后服务平台 <noreply@example.com>',
      DELIVERY_SWEEP_EVERY: '2s',
      DELIVERY_BACKOFF: '2s',
    },
  });
});

test.afterAll(async () => {
  test.setTimeout(120_000);
  if (own) await stopPlatform(own);
  await mailbox?.close();
});

/** The API as `who` after signing in with their password (the session cookie and its CSRF token). */
async function session(playwright: PlaywrightWorkerArgs['playwright'], platform: PlatformState, who: Person) {
  const api: APIRequestContext = await playwright.request.newContext({ baseURL: platform.baseURL });
  const signedIn = await api.post('/api/v1/session', { data: { login: who.login, password: who.password } });
  expect(signedIn.status(), await signedIn.text()).toBeLessThan(300);
  const csrf = signedIn.headers()['x-csrf-token'] ?? '';
  return async (url: string, body: unknown): Promise<Record<string, unknown>> => {
    const res = await api.post(url, { data: body, headers: { 'X-CSRF-Token': csrf } });
    expect(res.status(), `${url}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as Record<string, unknown>;
  };
}

test('C18, C19, G3: a stage past its deadline is reminded to its owner: overdue and red in QA’s inbox with the header count, among QA’s notices, and e-mailed to QA naming the case', async ({ browser, playwright }) => {
  const platform = own!;
  const qa = platform.people.qa!;

  // The administrator gives QA's person an e-mail address.
  const admin = await playwright.request.newContext({ baseURL: platform.baseURL, extraHTTPHeaders: { Authorization: `Bearer ${platform.adminToken}` } });
  const changed = await admin.patch(`/api/v1/users/${qa.id}`, { data: { email: QA_ADDRESS } });
  expect(changed.status(), await changed.text()).toBe(200);

  // Sales files a complaint and the GM office registers it: the analysis stage starts, due in 20 s.
  const sales = await session(playwright, platform, platform.people.sales!);
  const filed = await sales('/api/v1/complaints', complaintFiling({ customer: { name: '杭州精密机械有限公司', country: 'CN' }, reason: '外壳表面刮伤', salesOpinion: '同意退货' }));
  const id = filed.id as string;
  const gm = await session(playwright, platform, platform.people.gm_office!);
  const number = (await gm(`/api/v1/complaints/${id}/actions`, { action: 'register' })).number as string;
  expect(number).toMatch(/\d{4}-\d{2,}/);

  // QA's inbox lists the case; once the deadline has passed it shows it as overdue, in red, without
  // QA reloading the page.
  const page = await signedIn(browser, platform, qa);
  await page.goto('/inbox');
  const row = page.getByTestId('inbox-table').locator('tr', { hasText: number });
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(row).toHaveClass(/row-overdue/, { timeout: 120_000 });
  await expect(row.locator('.ant-tag', { hasText: zh.inbox.overdue })).toBeVisible();
  await expect(row).toContainText(zh.action.analyze);

  // The header counts QA's open work and how much of it is overdue.
  const count = page.getByTestId('inbox-count');
  await expect(count).toHaveAttribute('aria-label', zh.inbox.countLabel.replace('{{count}}', '1').replace('{{overdue}}', '1'));
  await expect(count).toContainText(zh.inbox.overdueCount.replace('{{count}}', '1'));
  await expect(count.locator('.ant-badge')).toContainText('1');

  // The reminder is among QA's notices, naming the case.
  const notices = page.locator('.ant-card').filter({ has: page.getByText(zh.inbox.notices, { exact: true }) });
  const reminder = notices.locator('.ant-list-item', { hasText: number });
  await expect(reminder).toBeVisible({ timeout: 120_000 });
  await expect(reminder.locator('.ant-tag')).toHaveText(zh.noticeType.reminder);
  await expect(reminder).toContainText(zh.caseType.complaint);

  await accessible(page, 'inbox (overdue)');
  await screenshot(page, 'inbox-overdue-zh');

  // The reminder reaches QA's mailbox through the mail server, in Chinese, naming the case and its link.
  const reminderMails = () => mailbox!.mails.filter((m) => m.subject.startsWith(`[${mailWords.kinds.reminder}]`) && m.subject.includes(number));
  await expect.poll(() => reminderMails().length, { message: 'the reminder e-mail', timeout: 120_000, intervals: [1_000] }).toBeGreaterThan(0);
  const mail = reminderMails()[0]!;
  expect(mail.to).toEqual([QA_ADDRESS]);
  expect(mail.subject).toBe(`[${mailWords.kinds.reminder}] ${mailWords.caseLine(mailWords.caseTypes.complaint!, number)} · ${mailWords.stages.analysis}`);
  expect(mail.text).toContain(mailWords.greeting(qa.name));
  expect(mail.text).toContain(number);
  expect(mail.text).toContain(mailWords.openLine(`${platform.baseURL}/complaints/${id}`));
});
