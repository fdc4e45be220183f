// The screens the journeys do not pass through, as an auditor sees them: the complaint list, the
// contracts, the accountability cases and the reports; each passes the accessibility scan and is
// pictured.
import { accessible, catalogue, expect, screenshot, signedIn, test } from './journey';

const zh = catalogue('zh-CN');

test('lists and reports pass the accessibility scan (auditor)', async ({ browser, platform }) => {
  const page = await signedIn(browser, platform, platform.people.auditor!);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`${page.url()}: ${err.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${page.url()}: ${m.text().slice(0, 400)}`);
  });
  for (const [path, name] of [
    ['/complaints', 'complaints'],
    ['/contracts', 'contracts'],
    ['/accountability', 'accountability'],
    ['/reports', 'reports'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
    await expect(page.getByText(zh.app.loading)).toHaveCount(0);
    await screenshot(page, `${name}-zh`);
    // The screen is still there (no error took it down) and passes the scan.
    expect(errors).toEqual([]);
    await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
    await accessible(page, name);
  }
});
