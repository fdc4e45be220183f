// A technician's service call from dispatch to return, in the browser (S2, S6–S8, S13): the clerk
// registers it, the supervisor dispatches it from the service board, the technician arrives, takes
// the unit in for repair and records the repair from their inbox, the supervisor passes the
// inspection and the technician returns it to the customer.
import type { Page } from '@playwright/test';
import { accessible, actionForm, catalogue, expect, fill, screenshot, signedIn, submit, test, yesNo } from './journey';

const zh = catalogue('zh-CN');
const stage = zh.stage.serviceCall;

async function stageIs(page: Page, label: string): Promise<void> {
  await expect(page.getByTestId('service-call-stage')).toHaveText(label, { timeout: 60_000 });
}

test('S2, S6–S8, S13: a service call from registration and dispatch to carry-in repair, inspection and return', async ({ browser, platform }) => {
  const p = platform.people;
  const clerk = await signedIn(browser, platform, p.clerk!);
  await clerk.goto('/service-calls/new');
  const filing = clerk.getByTestId('filing-serviceCall');
  await expect(filing).toBeVisible();
  await fill(filing, 'customer_name', '苏州纺织有限公司');
  await fill(filing, 'customer_address', '苏州市人民路 88 号');
  await fill(filing, 'customer_phone', '0512-6666-1234');
  await fill(filing, 'productModel', 'TX-200');
  await fill(filing, 'serialNo', 'SN-BROWSER-001');
  await fill(filing, 'description', '开机后反复重启');
  await submit(clerk, filing, '/api/v1/service-calls');
  await expect(clerk).toHaveURL(/\/service-calls\/[0-9a-f-]{36}$/);
  const id = clerk.url().split('/').pop()!;
  await stageIs(clerk, stage.dispatch);

  // The supervisor sees it waiting on the service board with its arrival deadline, and dispatches it.
  const sup = await signedIn(browser, platform, p.service_supervisor!);
  await sup.goto('/service-board');
  const waiting = sup.getByTestId('board-waiting');
  await expect(waiting.locator(`a[href="/service-calls/${id}"]`)).toBeVisible({ timeout: 60_000 });
  await accessible(sup, 'service board');
  await screenshot(sup, 'service-board-zh');
  await waiting.locator(`a[href="/service-calls/${id}"]`).click();
  const dispatch = await actionForm(sup, 'dispatch');
  const picker = dispatch.locator('[id="technicianId"]');
  if ((await picker.getAttribute('role')) === 'combobox') {
    await picker.click({ force: true });
    await picker.fill(p.technician!.name);
    await sup.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: p.technician!.name }).first().click();
  } else {
    await picker.fill(p.technician!.id);
  }
  await submit(sup, dispatch, '/actions');
  await stageIs(sup, stage.arrival);

  // The technician works it from their inbox.
  const tech = await signedIn(browser, platform, p.technician!);
  const link = tech.getByTestId('inbox-table').locator(`a[href="/service-calls/${id}"]`);
  await expect(link).toBeVisible({ timeout: 60_000 });
  await link.click();
  await submit(tech, await actionForm(tech, 'arrive'), '/actions');
  await stageIs(tech, stage.on_site);
  const carryIn = await actionForm(tech, 'carry_in');
  await fill(carryIn, 'receiptNo', 'RC-0001');
  await yesNo(carryIn, 'customerSigned', true);
  await submit(tech, carryIn, '/actions');
  await stageIs(tech, stage.repair);
  const repair = await actionForm(tech, 'record_repair');
  await fill(repair, 'workMinutes', 60);
  await submit(tech, repair, '/actions');
  await stageIs(tech, stage.inspection);

  await sup.reload();
  const inspect = await actionForm(sup, 'inspect');
  await yesNo(inspect, 'passed', true);
  await submit(sup, inspect, '/actions');
  await stageIs(sup, stage.return);

  await tech.reload();
  const giveBack = await actionForm(tech, 'return');
  await yesNo(giveBack, 'customerSigned', true);
  await fill(giveBack, 'fee_amount', 150);
  await yesNo(giveBack, 'fee_collectedOnSite', false);
  await accessible(tech, 'service call page');
  await submit(tech, giveBack, '/actions');
  await stageIs(tech, stage.closed);
  const timeline = tech.getByTestId('case-timeline');
  for (const who of [p.clerk!, p.service_supervisor!, p.technician!]) await expect(timeline).toContainText(who.name);
  await screenshot(tech, 'service-call-closed-zh');
});
