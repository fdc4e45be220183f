// Reminders that reach people: an overdue stage's reminder and its escalation are delivered by
// e-mail (a real SMTP server in the test, smtp-server) to the people holding the addressed roles,
// in their language, not to a person who opted out, and by the chat robot's webhook (a local HTTP
// receiver); a mail server or robot that keeps refusing leads to bounded retries and then `failed` (G3, G6).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordNotices } from '../../services/notices';
import { deliveryScheduleId, ensureDeliverySchedule } from '../../temporal/schedules';
import { COMPLAINT_ACTION_BODIES as INPUT, bearer, complaintFiling } from '../support/fixtures';
import { type Mailbox, startMailbox } from '../support/mailbox';
import { type TestStack, startTestStack } from '../support/stack';
import { callRegistration, eventually } from './serviceHelpers';

jest.setTimeout(120_000);

type Chat = { msgtype: string; text: { content: string; mentioned_list: string[] } };
const chats: Chat[] = [];
/** Messages the robot answered 503 (its trouble with the GM's chat id). */
const robotRefused: Chat[] = [];
const robot = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    const chat = JSON.parse(body) as Chat;
    if (chat.text.mentioned_list.includes('broken.gm')) {
      robotRefused.push(chat);
      res.statusCode = 503;
      return res.end('busy');
    }
    chats.push(chat);
    res.setHeader('content-type', 'application/json');
    res.end('{"errcode":0,"errmsg":"ok"}');
  });
});

let stack: TestStack;
type Person = { token: string; id: string };
const people: Record<string, Person> = {};

async function person(name: string, roles: string[], extra: Record<string, unknown>): Promise<Person> {
  const res = await stack.http.post('/api/v1/users').set(bearer(stack.adminToken)).send({ name, roles, ...extra }).expect(201);
  return { token: res.body.token, id: res.body.id };
}

/** The mail server; it refuses the broken mailbox's recipients. */
let mailbox: Mailbox;

beforeAll(async () => {
  mailbox = await startMailbox({ refuse: (address) => address.startsWith('broken') });
  await new Promise<void>((resolve) => robot.listen(0, '127.0.0.1', resolve));
  const robotPort = (robot.address() as AddressInfo).port;
  stack = await startTestStack({
    COMPLAINT_STAGE_DEADLINES: 'analysis=1s',
    COMPLAINT_STAGE_ESCALATION_AFTER: '1s',
    COMPLAINT_REMINDER_INTERVAL: '1h',
    SMTP_URL: mailbox.url,
    MAIL_FROM: 'After-sales <noreply@example.com>',
    CHAT_WEBHOOK_URL: `http://127.0.0.1:${robotPort}/cgi-bin/webhook/send?key=test`,
    PUBLIC_URL: 'http://aftersales.example',
    DELIVERY_SWEEP_EVERY: '1s',
    DELIVERY_BACKOFF: '1s',
    DELIVERY_ATTEMPTS: '3',
    DELIVERY_TIMEOUT: '5s',
  });
  people.sales = await person('Zhao Sales', ['sales'], {});
  people.office = await person('Grace Office', ['gm_office'], { email: 'office@example.com' });
  people.gm = await person('Gao GM', ['gm'], { email: 'broken-gm@example.com', chatId: 'broken.gm' });
  people.qa = await person('Wang QA', ['qa'], { email: 'qa.wang@example.com', chatId: 'qa.wang' });
  people.qa2 = await person('Liu QA', ['qa'], { email: 'qa.liu@example.com', chatId: 'qa.liu' });
  await stack.http.put('/api/v1/me/preferences').set(bearer(people.office.token)).send({ language: 'en' }).expect(200);
  await stack.http.put('/api/v1/me/preferences').set(bearer(people.qa2.token)).send({ emailOptOut: true }).expect(200);
  expect(await ensureDeliverySchedule(stack.client, stack.config)).toBe('created');
});

afterAll(async () => {
  await stack?.client.schedule.getHandle(deliveryScheduleId(stack.config.temporal.taskQueue)).delete().catch(() => undefined);
  await stack?.stop();
  await mailbox?.close();
  await new Promise((resolve) => robot.close(resolve));
});

type Delivery = { noticeId: string; noticeKind: string; userId: string; channel: string; status: string; attempts: number; lastError: string | null; recipient: string | null; nextAttemptAt: string | null };
const deliveries = async (query: string, token = stack.adminToken) =>
  (await stack.http.get(`/api/v1/deliveries?limit=200&${query}`).set(bearer(token)).expect(200)).body.items as Delivery[];

test('G3: an overdue stage’s reminder and its escalation reach the right people by e-mail (in their language, not to one who opted out) and by the chat robot; a refusing mail server or robot is retried DELIVERY_ATTEMPTS times, then failed', async () => {
  const filed = await stack.http.post('/api/v1/complaints').set(bearer(people.sales!.token)).send(complaintFiling()).expect(201);
  const registered = await stack.http.post(`/api/v1/complaints/${filed.body.id}/actions`).set(bearer(people.office!.token)).send(INPUT.register!).expect(200);
  const number = registered.body.number as string;
  const link = `http://aftersales.example/complaints/${filed.body.id}`;

  // The reminder of the overdue analysis stage, to QA, in Chinese.
  const reminder = await eventually('the reminder mail', async () => mailbox.mails.filter((m) => m.to.includes('qa.wang@example.com') && m.subject.includes(number)), (m) => m.length > 0, 60_000);
  expect(reminder[0]!.subject).toMatch(/^\[提醒\] 投诉 /);
  expect(reminder[0]!.subject).toContain('质量分析');
  expect(reminder[0]!.text).toContain('Wang QA，您好');
  expect(reminder[0]!.text).toContain(link);

  // The escalation, to the GM office in English (the GM's mailbox refuses).
  const escalation = await eventually('the escalation mail', async () => mailbox.mails.filter((m) => m.to.includes('office@example.com') && m.subject.startsWith('[Escalation]')), (m) => m.length > 0, 60_000);
  expect(escalation[0]!.subject).toBe(`[Escalation] Complaint ${number} · analysis`);
  expect(escalation[0]!.text).toContain('Hello Grace Office,');
  expect(escalation[0]!.text).toContain(`Open the case: ${link}`);
  expect(escalation[0]!.text).toMatch(/overdue in stage analysis/);

  // The escalation reaches the chat robot too, in the office's language.
  const escalationChat = await eventually('the escalation chat', async () => chats.filter((c) => c.text.content.startsWith(`[Escalation] Complaint ${number} · analysis`)), (c) => c.length > 0);
  expect(escalationChat[0]!.text.content).toContain('Hello Grace Office,');

  // The escalation's work item (the GM office's task for the stage) is delivered too.
  const task = await eventually('the escalation’s task mail', async () => mailbox.mails.filter((m) => m.to.includes('office@example.com') && m.subject.startsWith('[To do]') && m.subject.includes(number)), (m) => m.length > 0);
  expect(task[0]!.text).toContain(`Open the case: ${link}`);

  // The chat robot mentions each person by chat id, with the case number and the link.
  const chatToQa = await eventually('the chat reminder', async () => chats.filter((c) => c.text.mentioned_list.includes('qa.wang') && c.text.content.includes(number)), (c) => c.length > 0);
  expect(chatToQa[0]).toMatchObject({ msgtype: 'text', text: { content: expect.stringContaining(link) } });
  await eventually('the opted-out person’s chat message', async () => chats.filter((c) => c.text.mentioned_list.includes('qa.liu')), (c) => c.length > 0);

  // The reminder notice's deliveries: e-mail and chat to Wang, only chat to Liu (opted out of e-mail).
  const notices = (await stack.http.get(`/api/v1/notices?caseId=${filed.body.id}`).set(bearer(people.office!.token)).expect(200)).body.items as { id: string; type: string; stage: string }[];
  const reminderNotice = notices.find((n) => n.type === 'reminder' && n.stage === 'analysis')!;
  const escalationNotice = notices.find((n) => n.type === 'escalation' && n.stage === 'analysis')!;
  const ofReminder = await eventually('the reminder’s deliveries sent', () => deliveries(`noticeId=${reminderNotice.id}`), (d) => d.length === 3 && d.every((x) => x.status === 'sent'));
  expect(ofReminder.map((d) => [d.userId, d.channel]).sort()).toEqual([[people.qa!.id, 'chat'], [people.qa!.id, 'email'], [people.qa2!.id, 'chat']].sort());
  expect(mailbox.mails.some((m) => m.to.includes('qa.liu@example.com'))).toBe(false);

  // The GM's mailbox and the robot (for the GM) keep refusing: three attempts each with back-off,
  // then failed, with the last error.
  const gmMail = await eventually(
    'the GM’s e-mail failed',
    async () => (await deliveries(`noticeId=${escalationNotice.id}`)).filter((d) => d.userId === people.gm!.id && d.channel === 'email'),
    (d) => d.length === 1 && d[0]!.status === 'failed',
    60_000,
  );
  expect(gmMail[0]).toMatchObject({ attempts: 3, nextAttemptAt: null, lastError: expect.stringMatching(/451/), recipient: 'broken-gm@example.com' });
  const gmChat = await eventually(
    'the GM’s chat message failed',
    async () => (await deliveries(`noticeId=${escalationNotice.id}`)).filter((d) => d.userId === people.gm!.id && d.channel === 'chat'),
    (d) => d.length === 1 && d[0]!.status === 'failed',
    60_000,
  );
  expect(gmChat[0]).toMatchObject({ attempts: 3, nextAttemptAt: null, lastError: expect.stringMatching(/503/), recipient: 'broken.gm' });
  const ofEscalation = await deliveries(`noticeId=${escalationNotice.id}`);
  expect(ofEscalation.filter((d) => d.status === 'sent').map((d) => [d.userId, d.channel]).sort()).toEqual([[people.office!.id, 'chat'], [people.office!.id, 'email']].sort());

  // Failed is final: later runs send new notices but never try the failed ones again.
  const failedEmails = async () => (await deliveries('status=failed')).filter((d) => d.channel === 'email');
  const failedBefore = await eventually('every delivery to the GM settled', () => deliveries(`userId=${people.gm!.id}`), (d) => d.every((x) => x.status !== 'pending'));
  const refusedBefore = mailbox.refused.length;
  const robotRefusedBefore = robotRefused.length;
  expect(refusedBefore).toBe(3 * failedBefore.filter((d) => d.channel === 'email').length);
  expect(robotRefusedBefore).toBe(3 * failedBefore.filter((d) => d.channel === 'chat').length);
  await recordNotices(stack.db, [{ key: `probe-${Date.now()}`, type: 'report', caseType: 'job', caseId: 'probe', stage: 'probe', to: ['qa'], message: 'A later notice', at: new Date().toISOString() }]);
  await eventually('a later notice delivered', async () => mailbox.mails.filter((m) => m.text.includes('A later notice')), (m) => m.length > 0);
  expect(mailbox.refused.length).toBe(refusedBefore);
  expect(robotRefused.length).toBe(robotRefusedBefore);
  expect((await failedEmails()).every((d) => d.attempts === 3)).toBe(true);
});

test('G2, G6: deliveries are listed to admins and auditors only, and e-mail addresses whole only to admins', async () => {
  await stack.http.get('/api/v1/deliveries').set(bearer(people.qa!.token)).expect(403);
  const auditor = await stack.user(['auditor']);
  const seen = await eventually('some e-mail deliveries', () => deliveries('', auditor.token), (d) => d.some((x) => x.channel === 'email'));
  const emails = seen.filter((d) => d.channel === 'email').map((d) => d.recipient);
  expect(emails.every((r) => r !== null && /^.\*\*\*@example\.com$/.test(r))).toBe(true);
});

test('G3: a notice for a service call’s technician reaches the technician assigned to the call, not every technician', async () => {
  const clerk = await person('Xu Clerk', ['clerk'], {});
  const supervisor = await person('He Supervisor', ['service_supervisor'], {});
  const tang = await person('Tang Technician', ['technician'], { email: 'tang@example.com', chatId: 'tang' });
  const song = await person('Song Technician', ['technician'], { email: 'song@example.com', chatId: 'song' });
  const call = await stack.http.post('/api/v1/service-calls').set(bearer(clerk.token)).send(callRegistration()).expect(201);
  await stack.http.post(`/api/v1/service-calls/${call.body.id}/actions`).set(bearer(supervisor.token)).send({ action: 'dispatch', technicianId: tang.id }).expect(200);
  await recordNotices(stack.db, [
    { key: `repair-warning-${call.body.id}`, type: 'reminder', caseType: 'service_call', caseId: call.body.id, stage: 'repair', to: ['technician'], message: 'The promised repair time is near.', at: new Date().toISOString() },
  ]);
  const notice = await stack.db.notice.findUniqueOrThrow({ where: { dedupeKey: `repair-warning-${call.body.id}` } });
  const sent = await eventually('the technician’s deliveries sent', () => deliveries(`noticeId=${notice.id}`), (d) => d.length === 2 && d.every((x) => x.status === 'sent'));
  expect(sent.map((d) => [d.userId, d.channel]).sort()).toEqual([[tang.id, 'chat'], [tang.id, 'email']].sort());
  const mail = mailbox.mails.filter((m) => m.text.includes('The promised repair time is near.'));
  expect(mail.map((m) => m.to)).toEqual([['tang@example.com']]);
  expect(mail[0]!.subject).toBe(`[提醒] 服务单 ${call.body.number} · 维修`);
  expect(mail[0]!.text).toContain(`http://aftersales.example/service-calls/${call.body.id}`);
  expect(chats.filter((c) => c.text.content.includes('The promised repair time is near.')).map((c) => c.text.mentioned_list)).toEqual([['tang']]);
  expect(sent.some((d) => d.userId === song.id)).toBe(false);
});

test('G3, G7: whoever stands in for a decider today is told what the decider is told; a stand-in that has ended is not', async () => {
  const manager = await person('Qian Manager', ['sales_manager'], { email: 'qian@example.com' });
  const deputy = await person('Zhou Deputy', ['sales'], { email: 'zhou@example.com' });
  const former = await person('Wu Former', ['sales'], { email: 'wu@example.com' });
  const [from, to] = ['2000-01-01', '2099-12-31'];
  await stack.http.post(`/api/v1/users/${manager.id}/stand-ins`).set(bearer(manager.token)).send({ standInId: deputy.id, from, to }).expect(201);
  const ended = await stack.http.post(`/api/v1/users/${manager.id}/stand-ins`).set(bearer(manager.token)).send({ standInId: former.id, from, to }).expect(201);
  await stack.http.delete(`/api/v1/users/${manager.id}/stand-ins/${ended.body.id}`).set(bearer(manager.token)).expect(200);
  const key = `decision-reminder-${Date.now()}`;
  await recordNotices(stack.db, [{ key, type: 'reminder', caseType: 'job', caseId: 'decision', stage: 'decision', to: ['sales_manager'], message: 'A decision is waiting.', at: new Date().toISOString() }]);
  const notice = await stack.db.notice.findUniqueOrThrow({ where: { dedupeKey: key } });
  const sent = await eventually('the decision reminder sent', () => deliveries(`noticeId=${notice.id}`), (d) => d.filter((x) => x.channel === 'email').length === 2 && d.every((x) => x.status === 'sent'));
  expect(sent.filter((d) => d.channel === 'email').map((d) => d.userId).sort()).toEqual([manager.id, deputy.id].sort());
  expect(mailbox.mails.filter((m) => m.text.includes('A decision is waiting.')).flatMap((m) => m.to).sort()).toEqual(['qian@example.com', 'zhou@example.com']);
});
