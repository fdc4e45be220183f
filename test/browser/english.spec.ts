// The same workspace in English: a person picks English on the sign-in page, and it stays their
// language; they file a complaint, register it from their inbox and read its timeline, every word
// from the English catalogue (dates and money in the company's time zone).
import { accessible, actionForm, catalogue, date, expect, fill, screenshot, signedIn, submit, test } from './journey';

const en = catalogue('en');

test('C3, C2, G4 in English: file a complaint, register it from the inbox, read its stage path and timeline', async ({ browser, platform }) => {
  const page = await signedIn(browser, platform, platform.people.english!, 'en');
  await expect(page.getByRole('heading', { name: en.inbox.title })).toBeVisible();
  await page.goto('/complaints/new');
  const filing = page.getByTestId('filing-complaint');
  await expect(filing).toBeVisible();
  await expect(page.getByRole('heading', { name: en.filing.complaint })).toBeVisible();
  await fill(filing, 'customer_name', 'Hangzhou Precision Co.');
  await fill(filing, 'orderNo', 'SO-2611-0077');
  await fill(filing, 'partNo', 'PN-88-B');
  await date(filing, 'shipDate', '2026-11-03');
  await fill(filing, 'quantity', 500);
  await fill(filing, 'defectQuantity', 12);
  await fill(filing, 'request_quantity', 12);
  await fill(filing, 'reason', 'Cracked housing');
  await submit(page, filing, '/api/v1/complaints');
  await expect(page).toHaveURL(/\/complaints\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  await expect(page.getByTestId('complaint-stage')).toHaveText(en.stage.complaint.registration);

  await page.goto('/inbox');
  await page.getByTestId('inbox-table').locator(`a[href="/complaints/${id}"]`).click();
  const form = await actionForm(page, 'register', 'en');
  await submit(page, form, '/actions');
  await expect(page.getByTestId('complaint-stage')).toHaveText(en.stage.complaint.analysis, { timeout: 60_000 });
  const timeline = page.getByTestId('case-timeline');
  await expect(timeline).toContainText(platform.people.english!.name);
  // Recorded values as English writes them: the ship date as a date, English separators.
  await expect(timeline).toContainText(`${en.field.shipDate}: 11/03/2026`);
  await expect(page.getByText(en.case.timeline)).toBeVisible();
  await accessible(page, 'case page (English)');
  await screenshot(page, 'complaint-en');

  // The language stays the person's own: a new window opens in English after signing in.
  const again = await signedIn(browser, platform, platform.people.english!);
  await expect(again.getByRole('heading', { name: en.inbox.title })).toBeVisible();
  await screenshot(again, 'inbox-en');
});
