// A complaint from filing to closing in the browser alone, in Chinese (C3, C6–C10, C15): sales
// files it, the GM office registers it, each department acts from its own inbox, the VP approves
// with the money at stake before them, the case closes, and an auditor reads its timeline and its
// replay verdict (G4). Each main screen is scanned by axe and pictured.
import type { Page } from '@playwright/test';
import { accessible, actionForm, catalogue, choose, date, expect, fill, screenshot, signedIn, stageIs, submit, tags, test, yesNo } from './journey';

const zh = catalogue('zh-CN');
const stage = zh.stage.complaint;

async function openFromInbox(page: Page, id: string): Promise<void> {
  await page.goto('/inbox');
  const link = page.getByTestId('inbox-table').locator(`a[href="/complaints/${id}"]`);
  await expect(link).toBeVisible({ timeout: 60_000 });
  await link.click();
  await expect(page.getByTestId('complaint-page')).toBeVisible();
}

test('C3, C6–C10, C15, G4: a complaint from filing to closing, each department from its inbox, in Chinese; the auditor reads its timeline and replay verdict', async ({ browser, platform }) => {
  const p = platform.people;
  const as = async (key: string) => signedIn(browser, platform, p[key]!);
  const act = async (page: Page, action: string, fillIn: (form: Awaited<ReturnType<typeof actionForm>>) => Promise<void> = async () => undefined) => {
    const form = await actionForm(page, action);
    await fillIn(form);
    await submit(page, form, '/actions');
  };

  // Sales files the complaint (C3 fields).
  const sales = await as('sales');
  await accessible(sales, 'inbox (empty)');
  await sales.goto('/complaints/new');
  await expect(sales).toHaveURL(/\/complaints\/new$/);
  const filing = sales.getByTestId('filing-complaint');
  await expect(filing).toBeVisible();
  await fill(filing, 'customer_name', '杭州精密机械有限公司');
  await fill(filing, 'customer_country', '中国');
  await fill(filing, 'orderNo', 'SO-2611-0042');
  await fill(filing, 'partNo', 'PN-88-A');
  await date(filing, 'shipDate', '2026-11-02');
  await fill(filing, 'quantity', 1000);
  await fill(filing, 'defectQuantity', 37);
  await fill(filing, 'request_quantity', 37);
  await fill(filing, 'reason', '外壳表面刮伤');
  await fill(filing, 'salesOpinion', '同意退货');
  await accessible(sales, 'filing a complaint');
  await screenshot(sales, 'filing-complaint-zh');
  await submit(sales, filing, '/api/v1/complaints');
  await expect(sales).toHaveURL(/\/complaints\/[0-9a-f-]{36}$/);
  const id = sales.url().split('/').pop()!;
  await stageIs(sales, stage.registration);

  // The GM office registers it from its inbox: the case gets its number (C2).
  const gm = await as('gm_office');
  await openFromInbox(gm, id);
  await act(gm, 'register');
  await stageIs(gm, stage.analysis);
  const number = ((await gm.getByRole('heading', { level: 2 }).first().textContent()) ?? '').match(/\d{4}-\d{2,}/)?.[0];
  expect(number).toBeTruthy();

  // QA analyses (C6).
  const qa = await as('qa');
  await expect(qa.getByTestId('inbox-table')).toContainText(number!, { timeout: 60_000 });
  await accessible(qa, 'inbox');
  await screenshot(qa, 'inbox-zh');
  await openFromInbox(qa, id);
  await act(qa, 'analyze', async (f) => {
    await fill(f, 'cause', '模具磨损留下毛边');
    await tags(f, 'responsibleDepartments', ['manufacturing']);
    await yesNo(f, 'ourFault', true);
    await yesNo(f, 'needsRnd', false);
  });
  await stageIs(qa, stage.countermeasure);

  // Manufacturing answers with a countermeasure and the affected lot (C7).
  const mfg = await as('manufacturing');
  await openFromInbox(mfg, id);
  await act(mfg, 'countermeasure', async (f) => {
    await fill(f, 'cause', '模具镶件磨损');
    await fill(f, 'countermeasure', '更换镶件；全检两周');
    await fill(f, 'traceability_productionUnit', '制造部/二课/三组');
    await fill(f, 'traceability_machine', 'IM-07');
    await fill(f, 'traceability_shift', '乙班');
    await tags(f, 'traceability_operators', ['张伟']);
    await date(f, 'traceability_productionDate', '2026-10-28');
  });
  await stageIs(mfg, stage.review);

  // The manager's office gives its opinion, the GM office checks.
  const mo = await as('manager_office');
  await openFromInbox(mo, id);
  await act(mo, 'review', async (f) => fill(f, 'comment', '同意对策'));
  await stageIs(mo, stage.check);
  await openFromInbox(gm, id);
  await act(gm, 'check');
  await stageIs(gm, stage.proposal);

  // Sales proposes the handling: 37 pieces at 1,000 and 13,000 compensation = 50,000 (C8: the VP's tier).
  await openFromInbox(sales, id);
  await act(sales, 'propose', async (f) => {
    await choose(sales, f, 'handling_kind', zh.enum.return);
    await fill(f, 'handling_quantity', 37);
    await fill(f, 'handling_unitPrice', 1000);
    await fill(f, 'handling_compensation', 13000);
  });
  await stageIs(sales, stage.consolidation);

  await openFromInbox(gm, id);
  await act(gm, 'consolidate', async (f) => fill(f, 'opinion', '同意退货及赔偿'));
  await stageIs(gm, stage.decision);

  // The VP decides with the money at stake, how it is computed and the tier before them.
  const vp = await as('vp');
  await openFromInbox(vp, id);
  const money = vp.getByTestId('money-at-stake');
  await expect(money).toContainText('50,000.00');
  await expect(money).toContainText('1,000.00');
  await expect(money).toContainText(zh.tier.vp);
  await actionForm(vp, 'decide');
  await accessible(vp, 'case page (decision)');
  await screenshot(vp, 'complaint-decision-zh');
  await act(vp, 'decide', async (f) => {
    await choose(vp, f, 'decision', zh.enum.approve);
    await fill(f, 'comment', '在副总权限内，核准');
  });
  await stageIs(vp, stage.customer_result);

  // Sales records the customer's answer, the sales manager confirms, the GM office closes (C9, C10).
  await openFromInbox(sales, id);
  await act(sales, 'record_result', async (f) => {
    await yesNo(f, 'customerAccepted', true);
    await fill(f, 'result', '客户接受退货');
    await choose(sales, f, 'channel', zh.enum.phone);
  });
  await stageIs(sales, stage.confirmation);
  const sm = await as('sales_manager');
  await openFromInbox(sm, id);
  await act(sm, 'confirm');
  await stageIs(sm, stage.closing);
  await openFromInbox(gm, id);
  await act(gm, 'close', async (f) => {
    await fill(f, 'responsibility_0_department', 'manufacturing');
    await fill(f, 'responsibility_0_ratio', 1);
    await fill(f, 'lossAmount', 4321.5);
    await yesNo(f, 'trackImprovement', true);
  });
  await stageIs(gm, stage.closed);
  await expect(gm.getByText(zh.status.closed).first()).toBeVisible();
  await expect(gm.locator('[data-testid^="action-form-"]')).toHaveCount(0);

  // The auditor reads the whole timeline and the replay verdict (G4).
  const auditor = await as('auditor');
  await auditor.goto(`/audit?kind=complaint&case=${id}`);
  const timeline = auditor.getByTestId('case-timeline');
  await expect(timeline).toContainText(p.vp!.name);
  for (const who of [p.sales!, p.gm_office!, p.qa!, p.manufacturing!, p.manager_office!, p.sales_manager!]) await expect(timeline).toContainText(who.name);
  await expect(timeline).toContainText('在副总权限内，核准');
  const verdict = auditor.getByTestId('replay-verdict');
  await expect(verdict).toContainText(zh.audit.replayOk.split('：')[0]!, { timeout: 120_000 });
  await expect(verdict).not.toContainText(zh.audit.failed);
  await accessible(auditor, 'audit');
  await screenshot(auditor, 'audit-replay-zh');
  await auditor.goto(`/complaints/${id}`);
  await expect(auditor.getByTestId('complaint-stage')).toHaveText(stage.closed);
  // Recorded values read as words: people by name, actions in Chinese, no internal ids anywhere on the page.
  await expect(auditor.getByTestId('case-timeline')).toContainText(`${zh.field.action}：${zh.action.analyze}`);
  expect(await auditor.getByTestId('complaint-page').innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
  await accessible(auditor, 'case page (closed)');
  await screenshot(auditor, 'complaint-closed-zh');
});
