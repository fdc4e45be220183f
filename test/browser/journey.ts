// What the journeys share: the platform's address and people, signing in as a person would, filling
// the forms the workspace builds from the API's request schemas, the accessibility scan and the
// screenshots of the main screens.
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type Locator, type Page, expect, test as base } from '@playwright/test';
import { type Person, type PlatformState, readState } from './platform';
import zh from '../../web/src/i18n/locales/zh-CN.json';
import en from '../../web/src/i18n/locales/en.json';

export { expect };

export const SCREENSHOTS = path.join(__dirname, 'screenshots');

type Catalogue = typeof zh;
export type Lang = 'zh-CN' | 'en';
export const catalogue = (lang: Lang): Catalogue => (lang === 'en' ? (en as Catalogue) : zh);

export const test = base.extend<{ platform: PlatformState }>({
  platform: async ({}, use) => use(readState()),
  baseURL: async ({ platform }, use) => use(platform.baseURL),
});

const spaced = (text: string) => [...text].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*');
/** A button's words as Ant Design shows them (a space between two Chinese characters). */
export const label = (text: string): RegExp => new RegExp(`^\\s*${spaced(text)}\\s*$`);
/** The same words anywhere in a longer text (a button with an icon). */
export const within = (text: string): RegExp => new RegExp(spaced(text));

/** A new browser window of its own (its own cookies) for `who`, signed in through the sign-in page. */
export async function signedIn(browser: Browser, platform: PlatformState, who: Person, lang: Lang = 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({ baseURL: platform.baseURL, locale: lang, timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signIn(page, who, lang);
  return page;
}

export async function signIn(page: Page, who: { login: string; password: string; name: string }, lang: Lang = 'zh-CN'): Promise<void> {
  await page.goto('/signin');
  const words = catalogue(lang);
  const form = page.getByTestId('sign-in-form');
  await expect(form).toBeVisible();
  if (lang === 'en') await page.getByText('English', { exact: true }).click();
  await expect(form.getByRole('button', { name: label(words.signIn.submit) })).toBeVisible();
  await form.locator('#login').fill(who.login);
  await form.locator('#password').fill(who.password);
  await form.getByRole('button', { name: label(words.signIn.submit) }).click();
  await expect(page.getByTestId('me-name')).toHaveText(who.name);
}

/** The form of one action on a case page (expanded when it is not). */
export async function actionForm(page: Page, action: string, lang: Lang = 'zh-CN'): Promise<Locator> {
  const form = page.getByTestId(`action-form-${action}`);
  await expect(page.getByTestId('case-actions')).toBeVisible();
  // The action the stage awaits from this person opens by itself; others open with a click.
  if (!(await form.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false))) {
    const label = (catalogue(lang).action as Record<string, string>)[action]!;
    await page.getByTestId('case-actions').locator('.ant-collapse-header', { hasText: label }).click();
  }
  await expect(form).toBeVisible();
  return form;
}

/** Sends a form with its submit button and waits until the API has answered with success. */
export async function submit(page: Page, form: Locator, urlPart: string): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().includes(urlPart) && r.request().method() !== 'GET');
  // A form the browser itself refuses (a required field left empty) sends nothing: say which field.
  const invalid = form.locator('.ant-form-item-explain-error');
  const refused = invalid.first().waitFor({ state: 'visible' }).then(
    async () => {
      const labels = await form.locator('.ant-form-item-has-error label').allTextContents();
      throw new Error(`the form was not sent: ${labels.join(', ')}: ${(await invalid.allTextContents()).join('; ')}`);
    },
    () => new Promise<never>(() => undefined),
  );
  await form.locator('button[type=submit]').click();
  const res = await Promise.race([answered, refused]);
  expect(res.status(), `${urlPart}: ${await res.text().catch(() => '')}`).toBeLessThan(300);
}

export async function fill(form: Locator, id: string, value: string | number): Promise<void> {
  await form.locator(`[id="${id}"]`).fill(String(value));
}

/** A date in an Ant Design date picker: typed, and taken when the field is left (Tab). */
export async function date(form: Locator, id: string, value: string): Promise<void> {
  const input = form.locator(`[id="${id}"]`);
  await input.click();
  await input.fill(value);
  await input.press('Tab');
  await expect(input).toHaveValue(value);
}

/** Words in a tags field (each confirmed with Enter). */
export async function tags(form: Locator, id: string, values: string[]): Promise<void> {
  const input = form.locator(`[id="${id}"]`);
  for (const v of values) {
    await input.fill(v);
    await input.press('Enter');
  }
}

/** A required yes/no field (a radio group: yes first, no second). */
export async function yesNo(form: Locator, id: string, yes: boolean): Promise<void> {
  await form.locator(`[id="${id}"] .ant-radio-wrapper`).nth(yes ? 0 : 1).click();
}

/** A choice in a select, by the words the catalogue shows for it. */
export async function choose(page: Page, form: Locator, id: string, label: string): Promise<void> {
  const input = form.locator(`[id="${id}"]`);
  const field = form.locator('.ant-form-item', { has: page.locator(`[id="${id}"]`) }).last();
  // A click on an option while its list is still opening can miss; its field then shows no choice and
  // the list is opened again.
  await expect(async () => {
    await input.click({ force: true });
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: label }).first().click({ timeout: 5_000 });
    await expect(field).toContainText(label, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

/** The stage tag of a case page shows `label`. */
export async function stageIs(page: Page, label: string): Promise<void> {
  await expect(page.getByTestId('complaint-stage')).toHaveText(label, { timeout: 60_000 });
}

/**
 * The inbox of the signed-in person lists the case `number`; opens it from there (a click on the
 * row), as a person would.
 */
export async function openFromInbox(page: Page, number: string): Promise<void> {
  await page.goto('/inbox');
  const row = page.getByTestId('inbox-table').locator('tr', { hasText: number });
  await expect(row).toBeVisible({ timeout: 60_000 });
  await row.getByRole('link', { name: number }).click();
}

/** Axe's scan of the page as it is: no serious or critical violation. */
export async function accessible(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)} ${n.any[0]?.message ?? ''}`).slice(0, 5).join(' | ')}`),
    `accessibility of ${screen}`,
  ).toEqual([]);
}

/** A picture of the whole screen, kept under test/browser/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
